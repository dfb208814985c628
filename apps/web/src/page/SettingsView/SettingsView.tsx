import { useEffect, useState } from 'react';
import { AccountSettings } from '../AccountSettings/AccountSettings.tsx';
import { backendNames, type BackendChoice, type Diagnostics } from '../../shared/inference-protocol.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';
import { callWorker } from '../inference-client.ts';
import {
  contributesToSharedCache,
  setContributesToSharedCache,
} from '../recognition/contribution-setting.ts';
import { useModel } from '../recognition/model-context.tsx';
import { clearResults } from '../recognition/results-store.ts';
import { useUser } from '../session/session.tsx';

interface StorageInfo {
  usage?: number;
  quota?: number;
  persisted: boolean;
}

const kib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1024).toFixed(0)} KiB`);

/** Backend, language, caches, and what this device can do. */
export function SettingsView({
  backend,
  onBackend,
}: {
  backend: BackendChoice;
  onBackend: (choice: BackendChoice) => void;
}) {
  const { t, language, setLanguage } = useI18n();
  const model = useModel();
  const { id: userId } = useUser();
  const [diagnostics, setDiagnostics] = useState<Diagnostics>();
  const [storage, setStorage] = useState<StorageInfo>();
  const [contributing, setContributing] = useState(() => contributesToSharedCache(userId));

  useEffect(() => {
    void callWorker('diagnostics', {}).then(setDiagnostics);
    void (async () => {
      // Ask to keep the model and history when the browser is short of space.
      const persisted =
        (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.()) || false;
      const estimate = await navigator.storage?.estimate?.();
      setStorage({ usage: estimate?.usage, quota: estimate?.quota, persisted });
    })();
  }, [model.calibration]);

  return (
    <section className="card stack" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings')}</h2>
      <label>
        {t('backend')}
        <select
          value={backend}
          onChange={(event) => onBackend(event.currentTarget.value as BackendChoice)}
          data-testid="backend-select"
        >
          <option value="auto">{t('backendAuto')}</option>
          {backendNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('language')}
        <select value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={contributing}
          data-testid="contribute-toggle"
          onChange={(event) => {
            const on = event.currentTarget.checked;
            setContributesToSharedCache(userId, on);
            setContributing(on);
          }}
        />
        <span>
          {t('contributeToSharedCache')}
          <small className="muted"> {t('contributeExplained')}</small>
        </span>
      </label>
      <div className="row">
        <button type="button" onClick={() => void model.clearModel()}>
          {t('clearModel')}
        </button>
        <button type="button" onClick={() => void clearResults(userId)}>
          {t('clearHistory')}
        </button>
        <button
          type="button"
          onClick={() => void model.recalibrate()}
          disabled={model.state.status !== 'ready'}
        >
          {t('runCalibration')}
        </button>
      </div>
      <AccountSettings />
      <h3>{t('diagnostics')}</h3>
      <dl className="diagnostics" data-testid="diagnostics">
        <dt>Model</dt>
        <dd>{diagnostics?.model ? `${diagnostics.model.version} · ${kib(diagnostics.model.bytes)}` : '—'}</dd>
        <dt>Backend</dt>
        <dd>{diagnostics?.backend ?? '—'}</dd>
        <dt>WebGPU adapter</dt>
        <dd>
          {diagnostics?.adapter
            ? `${diagnostics.adapter.vendor || '?'} ${diagnostics.adapter.architecture || ''}${diagnostics.adapter.isFallbackAdapter ? ' (software)' : ''}`
            : '—'}
        </dd>
        <dt>Cross-origin isolated</dt>
        <dd>{diagnostics?.crossOriginIsolated ? t('yes') : t('no')}</dd>
        <dt>{t('storageUsed')}</dt>
        <dd>{storage ? `${kib(storage.usage)} / ${kib(storage.quota)}` : '—'}</dd>
        <dt>{t('persistent')}</dt>
        <dd>{storage?.persisted ? t('yes') : t('no')}</dd>
      </dl>
      {model.calibration && (
        <table className="calibration" data-testid="calibration">
          <thead>
            <tr>
              <th>backend</th>
              <th>batch 1 (ms)</th>
              <th>batch 16 (ms)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {model.calibration.timings.map((timing) => (
              <tr key={timing.backend} data-backend={timing.backend}>
                <td>{timing.backend}</td>
                <td>{timing.batch1Ms?.toFixed(2) ?? '—'}</td>
                <td>{timing.batch16Ms?.toFixed(2) ?? '—'}</td>
                <td>
                  {[
                    timing.backend === model.calibration?.best.batch1 ? 'best for 1' : '',
                    timing.backend === model.calibration?.best.batch16 ? 'best for 16' : '',
                    timing.note ?? '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
