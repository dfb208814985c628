import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { InputPreview } from '../InputPreview/InputPreview.tsx';
import { useNumberText } from '../NumberView/number-messages.ts';
import '../NumberView/number-view.css';
import {
  clearResults,
  listNumbers,
  listResults,
  mergeHistory,
  type HistoryEntry,
} from '../recognition/number-history.ts';
import { historyCap } from '../recognition/results-store.ts';
import { sourceLabel } from '../recognition/source-label.ts';
import { useUser } from '../session/session.tsx';
import './history-view.css';

/**
 * This user's past predictions and numbers read on this device, newest first (at most
 * `historyCap`). A number's digits are kept as results too (the cache), but listed once, as
 * the number.
 */
export function HistoryView() {
  const { t, language } = useI18n();
  const tn = useNumberText();
  const { id: userId } = useUser();
  const [entries, setEntries] = useState<HistoryEntry[]>();

  useEffect(() => {
    void Promise.all([listResults(userId), listNumbers(userId)]).then(
      ([results, numbers]) => setEntries(mergeHistory(results, numbers)),
      () => setEntries([]),
    );
  }, [userId]);

  if (!entries) return null;
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">
        {t('history')}{' '}
        <small>
          ({entries.length}/{historyCap})
        </small>
      </h2>
      {entries.length === 0 ? (
        <p>{t('noHistory')}</p>
      ) : (
        <ul className="history" data-testid="history">
          {entries.map(({ kind, item }) => {
            const time = (
              <time className="muted" dateTime={new Date(item.createdAt).toISOString()}>
                {new Date(item.createdAt).toLocaleString(language)}
              </time>
            );
            if (kind === 'number') {
              const fixed = item.digits.filter((digit) => digit.fixed).length;
              return (
                <li key={`number-${item.id}`} className="history-number" data-testid="history-item">
                  <strong data-testid="history-number">
                    {item.groups ? item.groups.join(' ') : item.number}
                  </strong>
                  <span className="muted">
                    {item.digits.length === 1
                      ? tn('oneDigitCount')
                      : tn('digitCount', { count: item.digits.length })}
                    {fixed > 0 &&
                      ` · ${fixed === 1 ? tn('oneFixedCount') : tn('fixedCount', { count: fixed })}`}
                  </span>
                  {time}
                </li>
              );
            }
            return (
              <li key={item.key} data-testid="history-item">
                <InputPreview pixels={item.pixels} label={String(item.digit)} size={42} />
                <strong>{item.digit}</strong>
                <span>{(item.probability * 100).toFixed(1)} %</span>
                <span className="muted" data-source={item.source}>
                  {sourceLabel(item.source, t)}
                </span>
                {time}
              </li>
            );
          })}
        </ul>
      )}
      <button
        type="button"
        onClick={() => void clearResults(userId).then(() => setEntries([]))}
        disabled={entries.length === 0}
      >
        {t('clearHistory')}
      </button>
    </section>
  );
}
