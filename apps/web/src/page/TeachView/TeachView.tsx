import { useCallback, useEffect, useState } from 'react';
import type { StoredPersonalModel, StoredSample } from '../../shared/db.ts';
import type { BackendChoice, TeachResult } from '../../shared/inference-protocol.ts';
import { DrawingPad } from '../DrawingPad/DrawingPad.tsx';
import { describeError } from '../i18n/describe-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { callWorker, WorkerError } from '../inference/inference-client.ts';
import { InputPreview } from '../InputPreview/InputPreview.tsx';
import { loadPersonalModel, resetPersonal, savePersonalModel } from '../personal/personal-store.ts';
import { addSample, deleteSample, listSamples } from '../personal/sample-store.ts';
import { useModel } from '../recognition/model-context.tsx';
import { backendLabels } from '../recognition/source-label.ts';
import { useUser } from '../session/session.tsx';
import { useTeachText, type TeachMessageKey } from './teach-messages.ts';
import './teach-view.css';

const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

const refusalText: Record<'too_few_samples' | 'no_gain' | 'forgets', TeachMessageKey> = {
  too_few_samples: 'refusedTooFew',
  no_gain: 'refusedNoGain',
  forgets: 'refusedForgets',
};

/**
 * "Your handwriting": write samples of chosen digits (or correct wrong answers elsewhere), then
 * fine-tune a personal model in the inference worker. The guard's verdict is shown; the model
 * can be switched off and everything deleted. Nothing here leaves the device.
 */
export function TeachView({ backend }: { backend: BackendChoice }) {
  const { language } = useI18n();
  const tt = useTeachText();
  const { id: userId } = useUser();
  const model = useModel();
  const [digit, setDigit] = useState(1);
  const [drawn, setDrawn] = useState<ImageData | null>(null);
  const [pad, setPad] = useState(0);
  const [samples, setSamples] = useState<StoredSample[]>([]);
  const [stored, setStored] = useState<StoredPersonalModel>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  /** The last run's training time and backend (also for `npm run bench:personal`). */
  const [lastRun, setLastRun] = useState<{ ms: number; backend: string; accepted: boolean }>();
  const [error, setError] = useState<unknown>();

  const reload = useCallback(async () => {
    setSamples(await listSamples(userId));
    setStored(await loadPersonalModel(userId));
  }, [userId]);
  useEffect(() => {
    // Reading this user's samples from IndexedDB (an outside store) into state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
  }, [reload]);

  async function add() {
    if (!drawn) return;
    setError(undefined);
    const [prepared] = await callWorker('prepare', {
      images: [{ kind: 'pixels', width: drawn.width, height: drawn.height, data: drawn.data }],
    });
    if (!prepared?.ok)
      return setError(new WorkerError('PrepareError', prepared?.code ?? 'worker_failed', 'not prepared'));
    await addSample(userId, { digit, pixels: prepared.pixels, from: 'teach' });
    setStatus(tt('sampleAdded', { digit }));
    setDrawn(null);
    setPad((n) => n + 1);
    await reload();
  }

  async function learn() {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const version = await model.whenReady();
      const result: TeachResult = await callWorker('teach', {
        samples: samples.map((sample) => ({ pixels: sample.pixels, digit: sample.digit })),
        backend,
      });
      setLastRun({ ms: result.trainMs, backend: result.backend, accepted: result.accepted });
      if (result.accepted) {
        await savePersonalModel({
          userId,
          ...result.head,
          baseVersion: version,
          enabled: true,
          createdAt: Date.now(),
          samples: samples.length,
          trainMs: result.trainMs,
          backend: result.backend,
          ...(result.guard ? { guard: result.guard } : {}),
        });
        await model.refreshPersonal();
        const heldOut = result.guard?.heldOut;
        setStatus(
          tt('accepted', {
            personal: heldOut?.personal.correct ?? 0,
            base: heldOut?.base.correct ?? 0,
            count: heldOut?.personal.count ?? 0,
            ms: result.trainMs.toFixed(0),
            backend: backendLabels[result.backend] ?? result.backend,
          }),
        );
      } else setStatus(tt(refusalText[result.reason]));
      await reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function toggle(enabled: boolean) {
    if (!stored) return;
    await savePersonalModel({ ...stored, enabled });
    await model.refreshPersonal();
    await reload();
  }

  async function reset() {
    await resetPersonal(userId);
    await model.refreshPersonal();
    setStatus(tt('resetDone'));
    await reload();
  }

  const counts = digits.map((d) => samples.filter((sample) => sample.digit === d).length);
  const canLearn = counts.some((count) => count >= 2) && !busy;
  const version = model.state.status === 'ready' ? model.state.version : undefined;
  const outdated = stored && version && stored.baseVersion !== version;
  return (
    <section className="stack teach" aria-labelledby="teach-title" data-testid="teach-view">
      <h2 id="teach-title">{tt('teachTitle')}</h2>
      <p>{tt('teachExplained')}</p>
      <div className="tabs digit-choice" role="group" aria-label={tt('digitToWrite')}>
        {digits.map((d) => (
          <button key={d} type="button" aria-pressed={digit === d} onClick={() => setDigit(d)}>
            {d}
          </button>
        ))}
      </div>
      <DrawingPad
        key={pad}
        hint={tt('writeDigit', { digit })}
        onDrawn={setDrawn}
        actions={
          <button type="button" disabled={!drawn} onClick={() => void add()} data-testid="add-sample">
            {tt('addSample')}
          </button>
        }
      />
      <h3>{tt('samplesTitle')}</h3>
      <p data-testid="sample-counts">
        {samples.length === 0
          ? tt('noSamples')
          : counts
              .flatMap((count, d) => (count > 0 ? [tt('samplesOfDigit', { digit: d, count })] : []))
              .join(' · ')}
      </p>
      <ul className="samples">
        {samples.map((sample) => (
          <li key={sample.id}>
            <InputPreview pixels={sample.pixels} label={`${sample.digit}`} size={42} />
            <span>{sample.digit}</span>
            <button
              type="button"
              className="secondary"
              aria-label={tt('deleteSample', { digit: sample.digit })}
              onClick={() => void deleteSample(userId, sample.id).then(reload)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" disabled={!canLearn} onClick={() => void learn()} data-testid="learn">
          {tt('teach')}
        </button>
      </div>
      {!canLearn && !busy && <p className="hint">{tt('needTwo')}</p>}
      {busy && <p aria-busy="true">{tt('teaching')}</p>}
      <p
        role="status"
        data-testid="teach-status"
        data-train-ms={lastRun?.ms}
        data-backend={lastRun?.backend}
        data-accepted={lastRun?.accepted}
      >
        {status}
      </p>
      {error !== undefined && (
        <p role="alert" className="error" data-testid="teach-error">
          {describeError(error, language)}
        </p>
      )}
      <div className="stack" data-testid="personal-model">
        {!stored && <p>{tt('personalNone')}</p>}
        {stored && outdated && <p>{tt('personalOutdated')}</p>}
        {stored && !outdated && (
          <>
            <p>
              {tt('personalMade', {
                date: new Date(stored.createdAt).toLocaleString(language),
                samples: stored.samples,
              })}
            </p>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={stored.enabled}
                onChange={(event) => void toggle(event.target.checked)}
                data-testid="personal-toggle"
              />{' '}
              {tt('personalOn')}
            </label>
          </>
        )}
        {(stored || samples.length > 0) && (
          <button
            type="button"
            className="secondary"
            onClick={() => void reset()}
            data-testid="personal-reset"
          >
            {tt('reset')}
          </button>
        )}
      </div>
    </section>
  );
}
