import { healthSchema, type Health } from '@cifra/contracts';
import { useEffect, useState } from 'react';

type State = { status: 'loading' } | { status: 'ok'; health: Health } | { status: 'error'; message: string };

/** Shows whether the edge and its Redis answer (`GET /api/health`). */
export function HealthStatus() {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/health', { signal: controller.signal })
      .then(async (response) => setState({ status: 'ok', health: healthSchema.parse(await response.json()) }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
        }
      });
    return () => controller.abort();
  }, []);

  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Service</h2>
      <p role="status" data-testid="health">
        {state.status === 'loading' && 'Checking the service…'}
        {state.status === 'error' && `The service cannot be reached (${state.message}).`}
        {state.status === 'ok' && (
          <>
            <span
              className={`dot ${state.health.redis === 'up' ? 'dot-up' : 'dot-down'}`}
              aria-hidden="true"
            />
            {`edge ${state.health.version} · redis ${state.health.redis}`}
          </>
        )}
      </p>
    </section>
  );
}
