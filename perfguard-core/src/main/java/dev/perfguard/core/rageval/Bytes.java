package dev.perfguard.core.rageval;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-slice helpers: hashing and C {@code strcmp} order (unsigned bytes). */
final class Bytes {
    private Bytes() {}

    static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off, end = off + len; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    static boolean equal(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return aLen == bLen && Arrays.equals(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }

    /** strcmp: negative when a sorts before b. */
    static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }

    static int compare(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    }
}
