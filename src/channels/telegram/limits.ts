/** The Bot API's limits (core.telegram.org/bots/api). */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
/** callback_data, counted in UTF-8 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;
/** /start deep-link parameter: A-Z a-z 0-9 _ - */
export const MAX_START_PARAMETER = 64;
