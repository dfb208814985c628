import { healthSchema, type Health } from '@cifra/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

type State = { status: 'loading' } | { status: 'ok'; health: Health } | { status: 'error' };

/** Shows whether the edge and its Redis answer (`GET /api/health`). */
export function HealthStatus() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/health', { signal: controller.signal })
      .then(async (response) => setState({ status: 'ok', health: healthSchema.parse(await response.json()) }))
      .catch(() => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      });
    return () => controller.abort();
  }, []);

  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">{t('service')}</h2>
      <p role="status" data-testid="health">
        {state.status === 'loading' && t('checkingService')}
        {state.status === 'error' && t('serviceUnreachable')}
        {state.status === 'ok' && (
          <>
            <span
              className={`dot ${state.health.redis === 'up' ? 'dot-up' : 'dot-down'}`}
              aria-hidden="true"
            />
            {t('serviceHealth', {
              version: state.health.version,
              redis: state.health.redis === 'up' ? t('redisUp') : t('redisDown'),
            })}
          </>
        )}
      </p>
    </section>
  );
}
