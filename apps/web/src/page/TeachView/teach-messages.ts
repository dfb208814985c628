/**
 * The words only the handwriting views show (teaching, corrections), in English and Spanish.
 * Kept apart from `i18n/messages.ts` so they load with those views, not with the first screen.
 */
import { useViewText } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';

export const teachMessages = {
  en: {
    teachTitle: 'Teach Cifra your handwriting',
    teachExplained:
      'Write a few samples of the digits Cifra gets wrong (or of all ten). Cifra learns your hand on this device: the samples and your personal model never leave it.',
    digitToWrite: 'Digit to write',
    writeDigit: 'Write a {digit} in the box.',
    addSample: 'Add sample',
    sampleAdded: 'Added a sample of {digit}.',
    samplesTitle: 'Your samples',
    samplesOfDigit: '{digit}: {count}',
    noSamples: 'No samples yet.',
    deleteSample: 'Delete this sample of {digit}',
    teach: 'Learn my handwriting',
    teaching: 'Learning your handwriting…',
    needTwo: 'Write at least two samples of a digit: one is kept back to check what was learnt.',
    accepted:
      'Done. Your personal model is on: on the samples kept back it got {personal} of {count} right, the standard model {base}. Learnt in {ms} ms on {backend}.',
    refusedTooFew: 'Not enough samples: write at least two of a digit, so one can be kept back to check.',
    refusedNoGain:
      'Nothing changed: on the samples kept back, what was learnt did no better than the standard model. Add more samples of the digits it gets wrong.',
    refusedForgets:
      'Not used: what was learnt made other digits worse. Check that each sample shows the digit it is filed under.',
    personalOn: 'Use my personal model',
    personalNone: 'No personal model yet.',
    personalOutdated:
      'Your personal model was made for an earlier model. Learn again: your samples are kept.',
    personalMade: 'Personal model from {date}, {samples} samples.',
    reset: 'Delete my samples and personal model',
    resetDone: 'Your samples and personal model were deleted.',
    itWas: 'It was:',
    savedCorrection: 'Saved as a sample of {digit}. Open "Your handwriting" to learn from it.',
  },
  es: {
    teachTitle: 'Enseña a Cifra tu letra',
    teachExplained:
      'Escribe algunas muestras de los dígitos que Cifra lee mal (o de los diez). Cifra aprende tu letra en este dispositivo: las muestras y tu modelo personal nunca salen de él.',
    digitToWrite: 'Dígito a escribir',
    writeDigit: 'Escribe un {digit} en el recuadro.',
    addSample: 'Añadir muestra',
    sampleAdded: 'Muestra de {digit} añadida.',
    samplesTitle: 'Tus muestras',
    samplesOfDigit: '{digit}: {count}',
    noSamples: 'Aún no hay muestras.',
    deleteSample: 'Borrar esta muestra de {digit}',
    teach: 'Aprender mi letra',
    teaching: 'Aprendiendo tu letra…',
    needTwo: 'Escribe al menos dos muestras de un dígito: una se aparta para comprobar lo aprendido.',
    accepted:
      'Hecho. Tu modelo personal está activo: en las muestras apartadas acertó {personal} de {count}, el modelo estándar {base}. Aprendido en {ms} ms con {backend}.',
    refusedTooFew:
      'No hay muestras suficientes: escribe al menos dos de un dígito, para apartar una y comprobar.',
    refusedNoGain:
      'No cambió nada: en las muestras apartadas, lo aprendido no mejoró al modelo estándar. Añade más muestras de los dígitos que lee mal.',
    refusedForgets:
      'No se usa: lo aprendido empeoraba otros dígitos. Comprueba que cada muestra muestra el dígito bajo el que está guardada.',
    personalOn: 'Usar mi modelo personal',
    personalNone: 'Aún no hay modelo personal.',
    personalOutdated:
      'Tu modelo personal se hizo para un modelo anterior. Vuelve a aprender: tus muestras se conservan.',
    personalMade: 'Modelo personal del {date}, {samples} muestras.',
    reset: 'Borrar mis muestras y mi modelo personal',
    resetDone: 'Se borraron tus muestras y tu modelo personal.',
    itWas: 'Era:',
    savedCorrection: 'Guardado como muestra de {digit}. Abre «Tu letra» para aprender de ella.',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type TeachMessageKey = keyof (typeof teachMessages)['en'];

// Both languages must have every key: a compile error otherwise.
teachMessages.es satisfies Record<TeachMessageKey, string>;

/** The handwriting views' words in the chosen language, placeholders filled in. */
export const useTeachText = () => useViewText(teachMessages);
