import { lazy, Suspense, useState } from 'react';
import { errorText } from '../i18n/describe-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { InputPreview } from '../InputPreview/InputPreview.tsx';
import { backendLabels, sourceLabel } from '../recognition/source-label.ts';
import type { Recognition } from '../recognition/use-recognizer.ts';

// Correcting an answer is rare: its code and words load when "Wrong?" is first pressed.
const CorrectionPicker = lazy(() =>
  import('../TeachView/CorrectionPicker.tsx').then((module) => ({ default: module.CorrectionPicker })),
);

/**
 * One answer: the digit, its probability, bars for all ten classes, where it came from (and
 * whether the user's personal model gave it), and "Wrong?" to keep the drawing as a sample.
 */
export function ResultCard({ recognition }: { recognition: Recognition }) {
  const { t, language } = useI18n();
  const [correcting, setCorrecting] = useState(false);
  const { result, pixels, error, fellBackFrom, name } = recognition;
  const errorMessage = error ? errorText(error, language, { name }) : '';
  return (
    <article className="card result" data-testid="result" data-name={name}>
      {pixels && <InputPreview pixels={pixels} label={t('preview')} />}
      {error && (
        <p role="alert" className="error" data-testid="result-error">
          {/* Name the file, unless the message already does. */}
          {name && !errorMessage.includes(name) ? `${name}: ` : ''}
          {errorMessage}
        </p>
      )}
      {result && (
        <div className="result-body">
          <p className="digit" aria-live="polite">
            <span data-testid="prediction-digit">{result.digit}</span>
            <span
              className="probability"
              data-testid="prediction-probability"
              data-value={result.probability}
            >
              {(result.probability * 100).toFixed(1)} %
            </span>
          </p>
          <p
            className="badge"
            data-testid="prediction-source"
            data-source={result.source}
            data-personal={result.personal ? 'yes' : 'no'}
          >
            {result.source === 'device-cache' || result.source === 'shared-cache'
              ? sourceLabel(result.source, t)
              : t('computedOn', {
                  backend: backendLabels[result.source] ?? result.source,
                  ms: (result.ms ?? 0).toFixed(1),
                })}
            {result.personal && ` · ${t('personalBadge')}`}
          </p>
          {fellBackFrom && (
            <p className="note" data-testid="backend-note">
              {t('backendFellBack', { wanted: fellBackFrom, used: result.source })}
            </p>
          )}
          <ol className="bars" aria-label={t('probability')}>
            {result.probabilities.map((probability, digit) => (
              <li key={digit} data-value={probability}>
                <span className="bar-label">{digit}</span>
                <span className="bar" style={{ width: `${Math.max(1, probability * 100)}%` }} />
                <span className="bar-value">{(probability * 100).toFixed(1)}</span>
              </li>
            ))}
          </ol>
          {pixels &&
            (correcting ? (
              <Suspense fallback={null}>
                <CorrectionPicker pixels={pixels} answered={result.digit} />
              </Suspense>
            ) : (
              <button
                type="button"
                className="secondary"
                onClick={() => setCorrecting(true)}
                data-testid="wrong-answer"
              >
                {t('wrongAnswer')}
              </button>
            ))}
        </div>
      )}
    </article>
  );
}
