import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendChoice, ImageSource } from '../../shared/inference-protocol.ts';
import { DrawingPad } from '../DrawingPad/DrawingPad.tsx';
import { FilePicker } from '../FilePicker/FilePicker.tsx';
import { describeError, errorText } from '../i18n/describe-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { WorkerError } from '../inference/inference-client.ts';
import { NumberResult } from '../NumberResult/NumberResult.tsx';
import { useNumberReader } from '../recognition/use-number-reader.ts';
import { useNumberText } from './number-messages.ts';
import './number-view.css';
import type { NumberOutcome, Picture } from './number-reading.ts';

/** The pad for a number: 3.5 times as wide as high (the single-digit pad's 280 px high). */
const padWidth = 980;

/**
 * Number mode: a wide pad with a Read button (Draw), or a photo (Upload); the number read as
 * one batch in the worker, shown with each digit boxed and fixable.
 */
export function NumberView({ input, backend }: { input: 'draw' | 'upload'; backend: BackendChoice }) {
  const { t, language } = useI18n();
  const tn = useNumberText();
  const readNumber = useNumberReader();
  const [drawn, setDrawn] = useState<ImageData | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ caught: unknown; name: string }>();
  const [outcome, setOutcome] = useState<NumberOutcome>();
  const current = useRef<AbortController | undefined>(undefined);

  // A photo's object URL lives as long as its outcome is shown.
  const picture = outcome?.picture;
  useEffect(
    () => () => {
      if (picture?.kind === 'file') URL.revokeObjectURL(picture.url);
    },
    [picture],
  );
  useEffect(() => () => current.current?.abort(), []);

  const read = useCallback(
    async (image: ImageSource, shown: Picture) => {
      // A newer picture replaces the one in flight (the worker drops it if not yet started).
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      setBusy(true);
      setError(undefined);
      try {
        const answer = await readNumber(image, backend, controller.signal);
        if (!controller.signal.aborted) setOutcome({ ...answer, picture: shown });
        else if (shown.kind === 'file') URL.revokeObjectURL(shown.url);
      } catch (caught) {
        if (shown.kind === 'file') URL.revokeObjectURL(shown.url);
        if (controller.signal.aborted) return;
        setOutcome(undefined);
        setError({ caught, name: image.kind === 'file' ? image.name : '' });
      } finally {
        if (current.current === controller) setBusy(false);
      }
    },
    [readNumber, backend],
  );

  const onDrawn = useCallback((image: ImageData | null) => {
    // The drawing changed: what was read no longer matches it.
    current.current?.abort();
    setBusy(false);
    setDrawn(image);
    setOutcome(undefined);
    setError(undefined);
  }, []);

  const onFiles = useCallback(
    (files: File[]) => {
      const [file] = files;
      if (file)
        void read(
          { kind: 'file', name: file.name, blob: file },
          { kind: 'file', url: URL.createObjectURL(file) },
        );
    },
    [read],
  );

  const toCheck = outcome?.read.answer.digits.filter((digit) => digit.lowConfidence).length ?? 0;
  return (
    <>
      {input === 'draw' ? (
        <DrawingPad
          width={padWidth}
          hint={tn('numberHint')}
          onDrawn={onDrawn}
          actions={
            <button
              type="button"
              disabled={!drawn || busy}
              onClick={() => {
                if (drawn)
                  void read(
                    { kind: 'pixels', width: drawn.width, height: drawn.height, data: drawn.data },
                    { kind: 'pixels', image: drawn },
                  );
              }}
            >
              {tn('read')}
            </button>
          }
        />
      ) : (
        <>
          <p className="hint">{tn('photoHint')}</p>
          <FilePicker onFiles={onFiles} multiple={false} />
        </>
      )}
      <section aria-label={tn('numberRead')} className="results">
        <p className="visually-hidden" role="status" data-testid="number-announcement">
          {outcome &&
            `${tn('announceRead', { number: outcome.read.answer.number })}${toCheck > 0 ? ` ${tn('announceToCheck', { count: toCheck })}` : ''}`}
        </p>
        {busy && <p aria-busy="true">{t('working')}</p>}
        {error && (
          <p role="alert" className="error" data-testid="number-error">
            {error.caught instanceof WorkerError
              ? errorText(error.caught.code, language, { name: error.name })
              : describeError(error.caught, language)}
          </p>
        )}
        {outcome && <NumberResult key={outcome.entry.id} outcome={outcome} />}
      </section>
    </>
  );
}
