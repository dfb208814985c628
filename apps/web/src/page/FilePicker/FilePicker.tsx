import { useEffect, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Several image files at once: a picker (with the camera on phones), drag and drop, and paste.
 * Files go to the worker undecoded: decoding happens off the main thread.
 */
export function FilePicker({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { t } = useI18n();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const paste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length > 0) onFiles(files);
    };
    window.addEventListener('paste', paste);
    return () => window.removeEventListener('paste', paste);
  }, [onFiles]);

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  }

  return (
    <div
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <label className="button">
        {t('chooseFiles')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          className="visually-hidden"
          data-testid="file-input"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            if (files.length > 0) onFiles(files);
            event.currentTarget.value = '';
          }}
        />
      </label>
      <p className="hint">{t('dropHere')}</p>
    </div>
  );
}
