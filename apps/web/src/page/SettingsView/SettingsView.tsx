import { useEffect, useState } from 'react';
import { AccountSettings } from '../AccountSettings/AccountSettings.tsx';
import {
  backendNames,
  type BackendChoice,
  type BackendTiming,
  type Diagnostics,
} from '../../shared/inference-protocol.ts';
import { fill, useI18n } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';
import { callWorker } from '../inference/inference-client.ts';
import {
  contributesToSharedCache,
  setContributesToSharedCache,
} from '../recognition/contribution-setting.ts';
import { useModel } from '../recognition/model-context.tsx';
import { clearResults } from '../recognition/number-history.ts';
import { useUser } from '../session/session.tsx';
import { settingsMessages, type SettingsMessageKey } from './settings-messages.ts';
import './settings-view.css';

interface StorageInfo {
  usage?: number;
  quota?: number;
  persisted: boolean;
}

const reasonKeys = {
  software_adapter: 'reasonSoftwareAdapter',
  unavailable: 'reasonUnavailable',
  failed: 'reasonFailed',
} as const satisfies Record<NonNullable<BackendTiming['reason']>, SettingsMessageKey>;

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
  const ts = (key: SettingsMessageKey, values?: Record<string, string | number>) =>
    fill(settingsMessages[language][key], values);
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
          <option value="auto">{ts('backendAuto')}</option>
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
          {ts('contributeToSharedCache')}
          <small className="muted"> {ts('contributeExplained')}</small>
        </span>
      </label>
      <div className="row">
        <button type="button" onClick={() => void model.clearModel()}>
          {ts('clearModel')}
        </button>
        <button type="button" onClick={() => void clearResults(userId)}>
          {t('clearHistory')}
        </button>
        <button
          type="button"
          onClick={() => void model.recalibrate()}
          disabled={model.state.status !== 'ready'}
        >
          {ts('runCalibration')}
        </button>
      </div>
      <AccountSettings />
      <h3>{ts('diagnostics')}</h3>
      <dl className="diagnostics" data-testid="diagnostics">
        <dt>{ts('model')}</dt>
        <dd>{diagnostics?.model ? `${diagnostics.model.version} · ${kib(diagnostics.model.bytes)}` : '—'}</dd>
        <dt>{t('backend')}</dt>
        <dd>{diagnostics?.backend ?? '—'}</dd>
        <dt>{ts('webgpuAdapter')}</dt>
        <dd>
          {diagnostics?.adapter
            ? `${diagnostics.adapter.vendor || '?'} ${diagnostics.adapter.architecture || ''}${diagnostics.adapter.isFallbackAdapter ? ` (${ts('softwareAdapter')})` : ''}`
            : '—'}
        </dd>
        <dt>{ts('crossOriginIsolated')}</dt>
        <dd>{diagnostics?.crossOriginIsolated ? t('yes') : t('no')}</dd>
        <dt>{ts('storageUsed')}</dt>
        <dd>{storage ? `${kib(storage.usage)} / ${kib(storage.quota)}` : '—'}</dd>
        <dt>{ts('persistent')}</dt>
        <dd>{storage?.persisted ? t('yes') : t('no')}</dd>
      </dl>
      {model.calibration && (
        <table className="calibration" data-testid="calibration">
          <thead>
            <tr>
              <th>{t('backend')}</th>
              <th>{ts('batchMs', { size: 1 })}</th>
              <th>{ts('batchMs', { size: 16 })}</th>
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
                    timing.backend === model.calibration?.best.batch1 ? ts('bestFor', { size: 1 }) : '',
                    timing.backend === model.calibration?.best.batch16 ? ts('bestFor', { size: 16 }) : '',
                    timing.reason ? ts(reasonKeys[timing.reason]) : '',
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
