package dev.sidecar.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few bytes of the ustar format that copying files into and out of a container needs: regular files,
 * directories and symbolic links, with their modes and owners. The engine keeps both when it unpacks an archive into
 * a container (it would make the container's user the owner only if asked to copy UID and GID), so the archive says
 * who owns what a volume holds.
 */
final class Tar {

    private static final int BLOCK = 512;
    /** The mode of a file given without one, as {@code docker cp} of a plain file gives it. */
    static final int FILE_MODE = 0644;

    private Tar() {
    }

    /** What an archive entry is. */
    enum Type {
        FILE('0'),
        SYMLINK('2'),
        DIRECTORY('5');

        private final byte flag;

        Type(char flag) {
            this.flag = (byte) flag;
        }
    }

    /**
     * One entry of an archive.
     *
     * @param path its path relative to where the archive is unpacked, without a trailing slash
     * @param type a file, a directory or a symbolic link
     * @param mode its permission bits, setgid ({@code 02000}) included
     * @param uid its owner
     * @param gid its group
     * @param content a file's bytes; empty for the others
     * @param linkTarget a symbolic link's target, else empty
     */
    record Entry(String path, Type type, int mode, long uid, long gid, byte[] content, String linkTarget) {

        static Entry file(String path, byte[] content, int mode, long gid) {
            return new Entry(path, Type.FILE, mode, 0, gid, content, "");
        }

        static Entry directory(String path, int mode, long gid) {
            return new Entry(path, Type.DIRECTORY, mode, 0, gid, new byte[0], "");
        }

        static Entry symlink(String path, String target, long gid) {
            return new Entry(path, Type.SYMLINK, 0777, 0, gid, new byte[0], target);
        }
    }

    /** A tar archive holding {@code files} (relative path to content), each with mode 0644, owned by root. */
    static byte[] of(Map<String, byte[]> files) {
        return of(files.entrySet().stream().map(e -> Entry.file(e.getKey(), e.getValue(), FILE_MODE, 0)).toList());
    }

    /** A tar archive of {@code entries}, in their order (a directory before what it holds). */
    static byte[] of(java.util.List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] content = e.type() == Type.FILE ? e.content() : new byte[0];
            out.writeBytes(header(e, content.length));
            out.writeBytes(content);
            out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The regular files of a tar stream, by entry name, in archive order. */
    static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Entry e : entries(in)) {
            if (e.type() == Type.FILE) {
                files.put(e.path(), e.content());
            }
        }
        return files;
    }

    /** The files, directories and symbolic links of a tar stream, in archive order (modes and owners not read). */
    static java.util.List<Entry> entries(InputStream in) throws IOException {
        java.util.List<Entry> entries = new java.util.ArrayList<>();
        byte[] header = new byte[BLOCK];
        while (in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
            byte type = header[156];
            byte[] content = in.readNBytes((int) size);
            in.readNBytes((int) ((BLOCK - size % BLOCK) % BLOCK));
            String path = (prefix.isEmpty() ? name : prefix + "/" + name).replaceAll("/+$", "");
            if (type == '0' || type == 0) {
                entries.add(Entry.file(path, content, FILE_MODE, 0));
            } else if (type == '2') {
                entries.add(Entry.symlink(path, text(header, 157, 100), 0));
            } else if (type == '5') {
                entries.add(Entry.directory(path, 0755, 0));
            }
        }
        return entries;
    }

    private static byte[] header(Entry e, long size) {
        byte[] h = new byte[BLOCK];
        String path = e.type() == Type.DIRECTORY ? e.path() + "/" : e.path();
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length <= 100) {
            System.arraycopy(name, 0, h, 0, name.length);
        } else {
            int split = path.lastIndexOf('/', Math.min(155, path.length() - 2));
            byte[] prefix = split > 0 ? path.substring(0, split).getBytes(StandardCharsets.UTF_8) : new byte[0];
            byte[] rest = split > 0 ? path.substring(split + 1).getBytes(StandardCharsets.UTF_8) : name;
            if (prefix.length > 155 || rest.length > 100) {
                throw new IllegalArgumentException("file path too long for a tar entry: " + path);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, e.mode());
        octal(h, 108, 8, e.uid());
        octal(h, 116, 8, e.gid());
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = e.type().flag;
        byte[] link = e.linkTarget().getBytes(StandardCharsets.UTF_8);
        if (link.length > 100) {
            throw new IllegalArgumentException("link target too long for a tar entry: " + e.linkTarget());
        }
        System.arraycopy(link, 0, h, 157, link.length);
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        if (value >= 1L << (3 * (length - 1))) {
            // Too large for the octal digits (a group id above 2097151, say): GNU's base-256 form, which Go's
            // archive/tar, the engine's reader, understands.
            for (int i = length - 1; i > 0; i--) {
                h[offset + i] = (byte) (value & 0xff);
                value >>>= 8;
            }
            h[offset] = (byte) 0x80;
            return;
        }
        String s = String.format("%0" + (length - 1) + "o", value);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    private static String text(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
