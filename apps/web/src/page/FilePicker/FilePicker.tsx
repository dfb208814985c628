import { useEffect, useState, type ChangeEvent, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Several image files at once: "Choose pictures" (the gallery or files, several at once), "Take
 * a photo" (the camera, on touch screens), drag and drop, and paste. Two inputs, because
 * `capture` on Android opens the camera alone and hides the gallery. Files go to the worker
 * undecoded: decoding happens off the main thread.
 */
export function FilePicker({
  onFiles,
  multiple = true,
}: {
  onFiles: (files: File[]) => void;
  /** False: one picture at a time (the first of several dropped or pasted). */
  multiple?: boolean;
}) {
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

  function take(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.currentTarget.files ?? []);
    if (files.length > 0) onFiles(files);
    event.currentTarget.value = '';
  }

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
      <div className="row file-buttons">
        <label className="button">
          {t('choosePictures')}
          <input
            type="file"
            accept="image/*"
            multiple={multiple}
            className="visually-hidden"
            data-testid="file-input"
            onChange={take}
          />
        </label>
        <label className="button camera-button">
          {t('takePhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden"
            data-testid="camera-input"
            onChange={take}
          />
        </label>
      </div>
      <p className="hint">{t('dropHere')}</p>
    </div>
  );
}
