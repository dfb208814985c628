import { useEffect, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

type Point = { x: number; y: number };

/** Canvas pixels of the pad's height (and, by default, width); the stroke scales with it. */
const size = 280;
const lineWidth = 20;

/**
 * A drawing pad on pointer events (mouse, touch, pen) with smoothed strokes, undo and clear.
 * Calls `onDrawn` with the RGBA pixels each time the drawing changes (null once it is empty).
 * A `width` wider than its 280 px height makes a pad for a whole number (`wide` styles it);
 * `actions` go beside Undo and Clear.
 */
export function DrawingPad({
  onDrawn,
  width = size,
  hint,
  actions,
}: {
  onDrawn: (image: ImageData | null) => void;
  width?: number;
  hint?: string;
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  const label = hint ?? t('drawHint');
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
      x: ((at.clientX - rect.left) / rect.width) * width,
      y: ((at.clientY - rect.top) / rect.height) * size,
    };
  }

  function commit(next: Point[][]) {
    setStrokes(next);
    redraw(canvas.current, next);
    const context = canvas.current?.getContext('2d', { willReadFrequently: true });
    onDrawn(next.length > 0 && context ? context.getImageData(0, 0, width, size) : null);
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
      <p className="hint">{label}</p>
      <canvas
        ref={canvas}
        width={width}
        height={size}
        className={width > size ? 'pad-canvas wide' : 'pad-canvas'}
        data-testid="drawing-pad"
        aria-label={label}
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
        {actions}
      </div>
    </div>
  );
}

/** White ground, black ink, strokes smoothed through quadratic curves between midpoints. */
function redraw(canvas: HTMLCanvasElement | null, strokes: Point[][]) {
  const context = canvas?.getContext('2d', { willReadFrequently: true });
  if (!context) return;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, context.canvas.width, context.canvas.height);
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
