import { useEffect, useRef } from 'react';

/** The 28x28 model input, drawn as the model sees it (bright ink on dark), scaled up crisply. */
export function InputPreview({
  pixels,
  label,
  size = 84,
}: {
  pixels: Uint8Array;
  label: string;
  size?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(28, 28);
    pixels.forEach((value, index) => {
      image.data.set([value, value, value, 255], index * 4);
    });
    context.putImageData(image, 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={canvas}
      width={28}
      height={28}
      className="preview"
      style={{ width: size, height: size }}
      role="img"
      aria-label={label}
    />
  );
}
