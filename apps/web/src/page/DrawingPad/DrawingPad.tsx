import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

type Point = { x: number; y: number };

/** Canvas pixels per side; the stroke scales with it. */
const size = 280;
const lineWidth = 20;

/**
 * A drawing pad on pointer events (mouse, touch, pen) with smoothed strokes, undo and clear.
 * Calls `onDrawn` with the RGBA pixels each time the drawing changes (null once it is empty).
 */
export function DrawingPad({ onDrawn }: { onDrawn: (image: ImageData | null) => void }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Point[][]>([]);
  const current = useRef<Point[] | null>(null);

  useEffect(() => redraw(canvas.current, []), []);

  function point(
    event: PointerEvent<HTMLCanvasElement>,
    at: { clientX: number; clientY: number } = event,
  ): Point {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((at.clientX - rect.left) / rect.width) * size,
      y: ((at.clientY - rect.top) / rect.height) * size,
    };
  }

  function commit(next: Point[][]) {
    setStrokes(next);
    redraw(canvas.current, next);
    const context = canvas.current?.getContext('2d', { willReadFrequently: true });
    onDrawn(next.length > 0 && context ? context.getImageData(0, 0, size, size) : null);
  }

  function start(event: PointerEvent<HTMLCanvasElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    current.current = [point(event)];
    redraw(canvas.current, [...strokes, current.current]);
  }

  function move(event: PointerEvent<HTMLCanvasElement>) {
    if (!current.current) return;
    // Coalesced events give the full resolution of fast pen and touch movement.
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    const points = events.length > 0 ? events.map((native) => point(event, native)) : [point(event)];
    current.current.push(...points);
    redraw(canvas.current, [...strokes, current.current]);
  }

  function end() {
    if (!current.current) return;
    const next = [...strokes, current.current];
    current.current = null;
    commit(next);
  }

  return (
    <div className="pad">
      <p className="hint">{t('drawHint')}</p>
      <canvas
        ref={canvas}
        width={size}
        height={size}
        className="pad-canvas"
        data-testid="drawing-pad"
        aria-label={t('drawHint')}
        role="img"
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <div className="row">
        <button type="button" onClick={() => commit(strokes.slice(0, -1))} disabled={strokes.length === 0}>
          {t('undo')}
        </button>
        <button type="button" onClick={() => commit([])} disabled={strokes.length === 0}>
          {t('clear')}
        </button>
      </div>
    </div>
  );
}

/** White ground, black ink, strokes smoothed through quadratic curves between midpoints. */
function redraw(canvas: HTMLCanvasElement | null, strokes: Point[][]) {
  const context = canvas?.getContext('2d', { willReadFrequently: true });
  if (!context) return;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  context.strokeStyle = '#000';
  context.fillStyle = '#000';
  context.lineWidth = lineWidth;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of strokes) {
    const [first] = stroke;
    if (!first) continue;
    if (stroke.length === 1) {
      context.beginPath();
      context.arc(first.x, first.y, lineWidth / 2, 0, Math.PI * 2);
      context.fill();
      continue;
    }
    context.beginPath();
    context.moveTo(first.x, first.y);
    for (let i = 1; i < stroke.length - 1; i++) {
      const here = stroke[i] as Point;
      const next = stroke[i + 1] as Point;
      context.quadraticCurveTo(here.x, here.y, (here.x + next.x) / 2, (here.y + next.y) / 2);
    }
    const last = stroke[stroke.length - 1] as Point;
    context.lineTo(last.x, last.y);
    context.stroke();
  }
}
