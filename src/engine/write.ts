// Writing a fixed file back. The file is written only if it still holds the text that was linted;
// the new text goes to a temporary file in the same directory, is flushed to disk, takes the
// old file's mode (and owner, or group, where allowed), and is renamed over it, so a reader never
// sees a half-written file. A file its mode makes read-only is not replaced.
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { decodeAs, encodeText, rawText } from "./source.js";
import type { SourceFile } from "./types.js";

/** Undefined when written; otherwise why the file was left as it is. */
export type WriteRefusal = string | undefined;

/** Replaces `original` on disk with `fixed` (same path), unless the disk copy changed since it was read. */
export function writeFixedFile(original: SourceFile, fixed: SourceFile): WriteRefusal {
  if (original.fromStdin || !original.absolutePath) return "it was read from stdin";
  try {
    // Through a symbolic link, fix the file it points to and keep the link.
    const target = realpathSync(original.absolutePath);
    const onDisk = readFileSync(target);
    const linted = rawText(original);
    if (decodeAs(original, onDisk) !== linted) return "it changed on disk since it was read; run nw-lint again";
    if (!onDisk.equals(encodeText(original, linted))) {
      return original.encoding === undefined
        ? "it is not valid UTF-8, and writing it back would replace the bytes that are not"
        : "it is not valid UTF-16 (an odd number of bytes), and writing it back would drop the last one";
    }
    // A UTF-16 file is written back in UTF-16, its byte-order mark included.
    replaceAtomically(target, encodeText(original, rawText(fixed)));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (error instanceof DirectoryNotWritable) return `cannot write its directory (${code}): --fix writes the fixed copy beside the file and renames it over the file`;
    return `cannot write it (${code})`;
  }
}

/** The fixed copy cannot be created beside the file: the file itself may be writable. */
class DirectoryNotWritable extends Error {
  readonly code: string | undefined;
  constructor(cause: NodeJS.ErrnoException) {
    super(cause.message);
    this.code = cause.code;
  }
}

function replaceAtomically(path: string, bytes: Buffer): void {
  // Renaming over a read-only file would succeed where writing it fails: honour the file's mode.
  accessSync(path, constants.W_OK);
  const stats = statSync(path);
  const mode = stats.mode & 0o7777;
  const temporary = join(dirname(path), `.${basename(path)}.nw-lint-${randomBytes(6).toString("hex")}.tmp`);
  let descriptor: number;
  try {
    descriptor = openSync(temporary, "wx", mode);
  } catch (error) {
    throw new DirectoryNotWritable(error as NodeJS.ErrnoException);
  }
  try {
    try {
      writeFileSync(descriptor, bytes);
      fchmodSync(descriptor, mode);
      keepOwner(descriptor, stats.uid, stats.gid);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

/**
 * The new file takes the old one's owner (root may) or at least its group (an owner may give a
 * file any group they belong to, as on a project's shared directory); otherwise it stays ours.
 */
function keepOwner(descriptor: number, uid: number, gid: number): void {
  for (const [owner, group] of [[uid, gid], [-1, gid]] as const) {
    try {
      fchownSync(descriptor, owner, group);
      return;
    } catch {
      // Not permitted: try the group alone, then leave it.
    }
  }
}
