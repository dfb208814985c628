import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App/App.tsx';
import { startInferenceWorker } from './inference-client.ts';
import { I18nProvider } from './i18n/i18n.tsx';
import { SessionProvider } from './session/session.tsx';
import './styles.css';

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

// Once the first screen is up, the inference worker starts loading tfjs and its WASM backend —
// while the session refreshes and before anyone draws (a signed-out visitor is typing, too).
setTimeout(startInferenceWorker, 0);
