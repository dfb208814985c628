import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App/App.tsx';
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
