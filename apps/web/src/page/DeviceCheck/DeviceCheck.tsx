import { useState } from 'react';
import type { BackendName, ProbeResult } from '../../shared/inference-protocol.ts';

const backends: BackendName[] = ['webgpu'];

/** Tries the on-device backends in the inference worker and shows what this device can do. */
export function DeviceCheck() {
  const [results, setResults] = useState<ProbeResult[] | 'running' | undefined>();

  async function run() {
    setResults('running');
    // Loaded on demand: the worker client (and with it tfjs) stays off the first screen.
    const { probeBackend } = await import('../inference-client.ts');
    const outcomes: ProbeResult[] = [];
    for (const backend of backends) outcomes.push(await probeBackend(backend));
    setResults(outcomes);
  }

  return (
    <section className="card" aria-labelledby="device-title">
      <h2 id="device-title">This device</h2>
      <button type="button" onClick={() => void run()} disabled={results === 'running'}>
        {results === 'running' ? 'Checking…' : 'Check on-device acceleration'}
      </button>
      {Array.isArray(results) && (
        <ul className="probe-results" data-testid="probe-results">
          {results.map((result) => (
            <li key={result.backend} data-backend={result.backend} data-ok={result.ok}>
              <strong>{result.backend}</strong>{' '}
              {result.ok
                ? `works (${result.ms.toFixed(0)} ms${result.adapter?.isFallbackAdapter ? ', software adapter' : ''})`
                : `unavailable: ${result.error ?? 'unknown reason'}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
