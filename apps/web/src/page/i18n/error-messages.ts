/**
 * Every failure the UI can explain, by code, in English and Spanish: the edge's error codes
 * (`@cifra/contracts`), the inference worker's, and `network`. The page words errors itself;
 * the edge's English `message` shows only for a code this list lacks (a newer edge).
 */
import type { ErrorCode } from '@cifra/contracts';
import type { WorkerErrorCode } from '../../shared/inference-protocol.ts';
import type { Language } from './messages.ts';

export type ErrorMessageCode = ErrorCode | WorkerErrorCode | 'network';

export const errorMessages: Record<Language, Record<ErrorMessageCode, string>> = {
  en: {
    bad_json: 'The request could not be read.',
    invalid_request: 'The request is not valid.',
    invalid_credentials: 'Wrong username or password.',
    username_taken: 'This username is taken. Choose another.',
    weak_password: 'This password is too common, or is your username. Choose another one.',
    signup_disabled: 'Registration is closed on this server.',
    bad_signature: 'The model link is not valid. Reload to get a new one.',
    expired: 'The model link has expired. Reload to get a new one.',
    no_file: 'Choose a file to upload.',
    unsupported_type: 'This kind of file is not supported (PNG, JPEG or GIF).',
    image_too_large: '"{name}" is too large.',
    bad_image: 'The picture could not be read.',
    no_ink: 'No digit found: the picture looks blank.',
    hash_mismatch: 'The picture changed on its way to the server.',
    disagrees: 'The server’s model gave another answer.',
    model_outdated: 'A newer model is available. Reload.',
    payload_too_large: 'That is too large to send.',
    unauthorized: 'Your session ended. Sign in again.',
    forbidden: 'That is not allowed.',
    cross_site: 'The request came from another site and was refused.',
    not_found: 'Not found.',
    method_not_allowed: 'That is not allowed.',
    rate_limited: 'Too many requests. Try again in {seconds} s.',
    unavailable: 'The service is briefly unavailable. Try again in a moment.',
    misconfigured: 'The service is not set up correctly.',
    internal: 'Something went wrong on the server. Try again.',
    network: 'No connection to the service.',
    cancelled: 'Cancelled.',
    model_unavailable:
      'The model is not on this device yet. Connect to the internet once and sign in to download it.',
    model_download_failed: 'Downloading the model failed. Try again.',
    model_integrity: 'The downloaded model was damaged and was not used. Try again.',
    no_backend: 'No way to run the model works in this browser.',
    unreadable_image: '"{name}" is not an image this browser can read (PNG, JPEG, GIF, WebP…).',
    no_offscreen_pixels: 'This browser cannot read the picture’s pixels.',
    worker_failed: 'Something went wrong on this device. Try again.',
  },
  es: {
    bad_json: 'No se pudo leer la solicitud.',
    invalid_request: 'La solicitud no es válida.',
    invalid_credentials: 'Usuario o contraseña incorrectos.',
    username_taken: 'Ese usuario ya existe. Elige otro.',
    weak_password: 'Esta contraseña es demasiado común o es tu nombre de usuario. Elige otra.',
    signup_disabled: 'El registro está cerrado en este servidor.',
    bad_signature: 'El enlace del modelo no es válido. Recarga para obtener otro.',
    expired: 'El enlace del modelo ha caducado. Recarga para obtener otro.',
    no_file: 'Elige un archivo para subir.',
    unsupported_type: 'Este tipo de archivo no se admite (PNG, JPEG o GIF).',
    image_too_large: '«{name}» es demasiado grande.',
    bad_image: 'No se pudo leer la imagen.',
    no_ink: 'No se encontró ningún dígito: la imagen parece vacía.',
    hash_mismatch: 'La imagen cambió de camino al servidor.',
    disagrees: 'El modelo del servidor dio otra respuesta.',
    model_outdated: 'Hay un modelo más nuevo. Recarga.',
    payload_too_large: 'Es demasiado grande para enviarlo.',
    unauthorized: 'Tu sesión terminó. Inicia sesión de nuevo.',
    forbidden: 'Eso no está permitido.',
    cross_site: 'La solicitud vino de otro sitio y se rechazó.',
    not_found: 'No se encontró.',
    method_not_allowed: 'Eso no está permitido.',
    rate_limited: 'Demasiadas solicitudes. Vuelve a intentarlo en {seconds} s.',
    unavailable: 'El servicio no está disponible por un momento. Inténtalo de nuevo.',
    misconfigured: 'El servicio no está bien configurado.',
    internal: 'Algo falló en el servidor. Inténtalo de nuevo.',
    network: 'Sin conexión con el servicio.',
    cancelled: 'Cancelado.',
    model_unavailable:
      'El modelo aún no está en este dispositivo. Conéctate a internet una vez e inicia sesión para descargarlo.',
    model_download_failed: 'No se pudo descargar el modelo. Inténtalo de nuevo.',
    model_integrity: 'El modelo descargado estaba dañado y no se usó. Inténtalo de nuevo.',
    no_backend: 'Ninguna forma de ejecutar el modelo funciona en este navegador.',
    unreadable_image: '«{name}» no es una imagen que este navegador pueda leer (PNG, JPEG, GIF, WebP…).',
    no_offscreen_pixels: 'Este navegador no puede leer los píxeles de la imagen.',
    worker_failed: 'Algo falló en este dispositivo. Inténtalo de nuevo.',
  },
};
