import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App/App.tsx';
import { startInferenceWorker, wasmBinaryUrl } from './inference/inference-client.ts';
import { I18nProvider } from './i18n/i18n.tsx';
import { beginSessionRefresh, SessionProvider } from './session/session.tsx';
import './styles.css';

// The session round trip starts before React's first render, not after it.
beginSessionRefresh();

// The inference worker starts loading tfjs and its WASM backend now, in parallel with the first
// render and the session refresh, before anyone draws (a signed-out visitor is typing, too). The
// .wasm is requested at once too: the worker would ask for it only after its own chunk arrived,
// one transfer after the other on a slow link; this way both travel together and the worker
// finds the .wasm in the HTTP cache (hashed assets are immutable).
startInferenceWorker();
void fetch(wasmBinaryUrl)
  .then((response) => response.arrayBuffer())
  .catch(() => {});

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
