import { useEffect, useState } from 'react';
import type { StoredResult } from '../../shared/db.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { InputPreview } from '../InputPreview/InputPreview.tsx';
import { clearResults, historyCap, listResults } from '../recognition/results-store.ts';
import { sourceLabel } from '../recognition/source-label.ts';
import { useUser } from '../session/session.tsx';

/** This user's past predictions on this device, newest first (at most `historyCap`). */
export function HistoryView() {
  const { t, language } = useI18n();
  const { id: userId } = useUser();
  const [items, setItems] = useState<StoredResult[]>();

  useEffect(() => {
    void listResults(userId).then(setItems, () => setItems([]));
  }, [userId]);

  if (!items) return null;
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">
        {t('history')}{' '}
        <small>
          ({items.length}/{historyCap})
        </small>
      </h2>
      {items.length === 0 ? (
        <p>{t('noHistory')}</p>
      ) : (
        <ul className="history" data-testid="history">
          {items.map((item) => (
            <li key={item.key} data-testid="history-item">
              <InputPreview pixels={item.pixels} label={String(item.digit)} size={42} />
              <strong>{item.digit}</strong>
              <span>{(item.probability * 100).toFixed(1)} %</span>
              <span className="muted" data-source={item.source}>
                {sourceLabel(item.source, t)}
              </span>
              <time className="muted" dateTime={new Date(item.createdAt).toISOString()}>
                {new Date(item.createdAt).toLocaleString(language)}
              </time>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        onClick={() => void clearResults(userId).then(() => setItems([]))}
        disabled={items.length === 0}
      >
        {t('clearHistory')}
      </button>
    </section>
  );
}
