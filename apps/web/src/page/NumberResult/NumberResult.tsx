import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useNumberText } from '../NumberView/number-messages.ts';
import {
  boxPosition,
  displayNumber,
  fixDigit,
  fromAnswer,
  removeDigit,
  splitDigit,
  storedDigits,
  type NumberOutcome,
  type Picture,
  type ShownNumber,
} from '../NumberView/number-reading.ts';
import { saveNumber } from '../recognition/number-history.ts';
import { backendLabels } from '../recognition/source-label.ts';

const tenDigits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * A number read: the number in large type, the picture with a box over each digit, each digit
 * as a button (its confidence, unsure ones flagged) that opens a 0–9 picker to fix it (and to
 * split it in two or remove it, when the reader merged two digits or read a stray mark), Copy,
 * and where the answer came from. A fix updates the history entry.
 */
export function NumberResult({ outcome }: { outcome: NumberOutcome }) {
  const { t } = useI18n();
  const tn = useNumberText();
  const { read } = outcome;
  const [shown, setShown] = useState<ShownNumber>(() =>
    fromAnswer(
      read.answer,
      read.digits.map((digit) => digit.hash),
    ),
  );
  const [picking, setPicking] = useState<number>();
  const [copyStatus, setCopyStatus] = useState<'copied' | 'copyFailed'>();
  const entry = useRef(outcome.entry);
  const digitButtons = useRef<(HTMLButtonElement | null)[]>([]);

  function close(index: number) {
    setPicking(undefined);
    // The buttons are keyed by position: after a removal, the one at `index` shows the next digit.
    digitButtons.current[index]?.focus();
  }

  /** Shows `next` and saves it over the history entry. */
  function change(next: ShownNumber) {
    setShown(next);
    setCopyStatus(undefined);
    const { groups: _groups, ...rest } = entry.current;
    entry.current = {
      ...rest,
      number: next.number,
      ...(next.groups ? { groups: next.groups } : {}),
      digits: storedDigits(next),
    };
    void saveNumber(entry.current).catch(() => {});
  }

  function choose(index: number, digit: number) {
    change(fixDigit(shown, index, digit));
    close(index);
  }

  /** Splits the digit in two and keeps the picker open on the left half, to pick its digit. */
  function split(index: number) {
    change(splitDigit(shown, index));
    setPicking(index);
  }

  function remove(index: number) {
    const next = removeDigit(shown, index);
    change(next);
    close(Math.min(index, next.digits.length - 1));
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.number);
      setCopyStatus('copied');
    } catch {
      setCopyStatus('copyFailed');
    }
  }

  const count = shown.digits.length;
  return (
    <article className="card number-result" data-testid="number-result">
      <p className="number-value" data-testid="number-value">
        {displayNumber(shown)}
      </p>
      <div className="number-picture" role="img" aria-label={tn('pictureRead')}>
        <PictureView picture={outcome.picture} />
        {shown.digits.map((digit, index) => (
          <span
            key={index}
            className="digit-box"
            data-testid="digit-box"
            data-low={digit.lowConfidence}
            style={boxPosition(digit.box, read)}
          />
        ))}
      </div>
      <p className="hint">{tn('digitsHint')}</p>
      <ol className="number-digits">
        {shown.digits.map((digit, index) => {
          const percent = (digit.probability * 100).toFixed(0);
          const label = [
            tn('digitLabel', { position: index + 1, count, digit: digit.digit }),
            digit.fixed ? tn('fixedLong') : tn('sure', { percent }),
            ...(digit.lowConfidence ? [tn('checkLong')] : []),
          ].join(', ');
          return (
            <li key={index}>
              <button
                type="button"
                ref={(button) => {
                  digitButtons.current[index] = button;
                }}
                data-testid="number-digit"
                data-low={digit.lowConfidence}
                data-fixed={digit.fixed}
                aria-label={label}
                aria-expanded={picking === index}
                onClick={() => setPicking(picking === index ? undefined : index)}
              >
                <strong>{digit.digit}</strong>
                <small>{digit.fixed ? tn('fixed') : `${percent} %`}</small>
                {digit.lowConfidence && <small className="flag">{tn('check')}</small>}
              </button>
            </li>
          );
        })}
      </ol>
      {picking !== undefined && (
        <DigitPicker
          // A new picker (focus on its digit) for each digit and each split.
          key={`${picking}/${count}`}
          position={picking + 1}
          current={shown.digits[picking]?.digit ?? 0}
          canRemove={count > 1}
          onChoose={(digit) => choose(picking, digit)}
          onSplit={() => split(picking)}
          onRemove={() => remove(picking)}
          onClose={() => close(picking)}
        />
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {tn('copy')}
        </button>
        <span role="status" data-testid="copy-status">
          {copyStatus && tn(copyStatus)}
        </span>
      </div>
      <p className="badge" data-testid="number-source" data-source={read.backend}>
        {t('computedOn', { backend: backendLabels[read.backend] ?? read.backend, ms: read.ms.toFixed(1) })}
      </p>
      {read.fellBackFrom && (
        <p className="note">{t('backendFellBack', { wanted: read.fellBackFrom, used: read.backend })}</p>
      )}
    </article>
  );
}

/**
 * The ten digits to replace one with (focus starts on the digit as read), and the two changes
 * to the number's length: split the digit in two, remove it. Escape closes.
 */
function DigitPicker({
  position,
  current,
  canRemove,
  onChoose,
  onSplit,
  onRemove,
  onClose,
}: {
  /** The digit's place in the number, from 1. */
  position: number;
  current: number;
  canRemove: boolean;
  onChoose: (digit: number) => void;
  onSplit: () => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const tn = useNumberText();
  const start = useRef<HTMLButtonElement>(null);
  useEffect(() => start.current?.focus(), []);
  return (
    <div
      className="digit-picker"
      data-testid="digit-picker"
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="tabs" role="group" aria-label={tn('changeDigit', { position })}>
        {tenDigits.map((digit) => (
          <button
            key={digit}
            type="button"
            ref={digit === current ? start : undefined}
            aria-pressed={digit === current}
            onClick={() => onChoose(digit)}
          >
            {digit}
          </button>
        ))}
      </div>
      <div className="row" role="group" aria-label={tn('digitCountChanges', { position })}>
        <button type="button" className="secondary" onClick={onSplit}>
          {tn('splitDigit')}
        </button>
        <button type="button" className="secondary" disabled={!canRemove} onClick={onRemove}>
          {tn('removeDigit')}
        </button>
      </div>
    </div>
  );
}

/** The picture read: the pad's pixels on a canvas, or the photo. */
function PictureView({ picture }: { picture: Picture }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (picture.kind === 'pixels') canvas.current?.getContext('2d')?.putImageData(picture.image, 0, 0);
  }, [picture]);
  return picture.kind === 'pixels' ? (
    <canvas ref={canvas} width={picture.image.width} height={picture.image.height} />
  ) : (
    <img src={picture.url} alt="" />
  );
}
