import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes the jar the launcher starts from: the same jar, with every class file older than Java 6 (major
 * version below 50: picocli's, compiled for Java 5) rewritten as a Java 8 class file. The JVM's start-up
 * cache (CDS, the AOT cache) cannot hold classes that old, so each short command loaded picocli's 170-odd
 * classes from the jar and verified them the slow way; rewritten, they are cached like the rest.
 *
 * <p>Only the version and the stack map frames that Java 6+ class files carry change: the frames are
 * computed by the JDK's class-file API from the unchanged code, and every rewritten class is checked by
 * its verifier. A class that cannot be rewritten or does not verify is kept as it was. Needs JDK 24 or
 * newer ({@code java.lang.classfile}).
 *
 * <p>Usage: {@code java scripts/StartJar.java IN.jar OUT.jar}; prints one line saying what it did.
 */
public final class StartJar {
    static final int OLD = 50;
    static final int NEW = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java StartJar.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, byte[]> classes = new HashMap<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(in))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".class")) {
                    classes.put(e.getName(), z.readAllBytes());
                }
            }
        }
        // the frames need the class hierarchy: the jar's own classes first, then the JDK's
        ClassHierarchyResolver inJar = ClassHierarchyResolver.ofResourceParsing(d -> stream(classes, d));
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(inJar.orElse(ClassHierarchyResolver.defaultResolver())));
        int rewritten = 0;
        int kept = 0;
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(in)); OutputStream o = Files.newOutputStream(tmp);
                ZipOutputStream zo = new ZipOutputStream(o)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                byte[] b = z.readAllBytes();
                if (e.getName().endsWith(".class")) {
                    ClassModel m = cf.parse(b);
                    if (m.majorVersion() < OLD) {
                        byte[] upgraded = rewrite(cf, m);
                        if (upgraded != null) {
                            b = upgraded;
                            rewritten++;
                        } else {
                            kept++;
                        }
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zo.putNextEntry(copy);
                zo.write(b);
                zo.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("start jar: " + rewritten + " class files older than Java 6 rewritten as Java 8"
                + (kept > 0 ? ", " + kept + " kept as they were (they did not verify)" : ""));
    }

    /** The class as a Java 8 class file with computed frames, or null when it cannot be made or does not verify. */
    static byte[] rewrite(ClassFile cf, ClassModel m) {
        try {
            byte[] b = cf.transformClass(m, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen(ClassTransform.endHandler(c -> c.withVersion(NEW, 0))));
            return cf.verify(b).isEmpty() ? b : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static InputStream stream(Map<String, byte[]> classes, ClassDesc d) {
        String s = d.descriptorString();
        byte[] b = classes.get(s.substring(1, s.length() - 1) + ".class");
        return b == null ? null : new ByteArrayInputStream(b);
    }
}
