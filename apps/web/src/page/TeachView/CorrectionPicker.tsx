import { useState } from 'react';
import { addSample } from '../personal/sample-store.ts';
import { useUser } from '../session/session.tsx';
import { useTeachText } from './teach-messages.ts';

/**
 * "It was: 0 … 9" under a wrong answer: the drawing becomes a sample of the digit the user
 * taps, kept on this device for the next time they teach Cifra their handwriting.
 */
export function CorrectionPicker({ pixels, answered }: { pixels: Uint8Array; answered: number }) {
  const tt = useTeachText();
  const { id: userId } = useUser();
  const [saved, setSaved] = useState<number>();
  if (saved !== undefined)
    return (
      <p role="status" data-testid="correction-saved">
        {tt('savedCorrection', { digit: saved })}
      </p>
    );
  return (
    <div className="correction" role="group" aria-label={tt('itWas')} data-testid="correction">
      <span>{tt('itWas')}</span>
      {[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        .filter((digit) => digit !== answered)
        .map((digit) => (
          <button
            key={digit}
            type="button"
            className="secondary"
            onClick={() =>
              void addSample(userId, { digit, pixels, from: 'correction' }).then(() => setSaved(digit))
            }
          >
            {digit}
          </button>
        ))}
    </div>
  );
}
