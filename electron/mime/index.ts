export { decodeCharset } from './charset';
export { DEFAULT_MAX_DISPLAY_CHARS, MAX_DISPLAY_PART_BYTES, decodeDisplayPart, type DecodeDisplayPartOptions } from './decode-part';
export { MAX_STRUCTURE_DEPTH, pickDisplayPart, pickDisplayParts, type DisplayPart } from './display-part';
export { joinBodies } from './join-bodies';
export { decodeTransferEncoding } from './transfer-encoding';
export { PREVIEW_CHARS, previewText } from './preview-text';
