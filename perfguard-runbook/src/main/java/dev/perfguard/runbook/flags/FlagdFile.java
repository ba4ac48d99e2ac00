package dev.perfguard.runbook.flags;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded flag store: a flagd flag-definition file (OpenFeature's flagd JSON format,
 * {@code https://flagd.dev/schema/v0/flags.json}):
 * <pre>{@code
 * {"$schema": "https://flagd.dev/schema/v0/flags.json",
 *  "flags": {"new-ranker": {"state": "ENABLED", "variants": {"on": true, "off": false},
 *                           "defaultVariant": "on", "targeting": {}}}}
 * }</pre>
 *
 * <p>Reading checks every flag ({@code state} ENABLED or DISABLED, {@code variants} a non-empty object,
 * {@code defaultVariant} naming one of them, {@code targeting} and {@code metadata} objects when present) and
 * refuses a broken file as a whole with the field named. A flag is on when its {@code state} is ENABLED:
 * turning it off writes DISABLED, which flagd evaluates as "flag not found" (callers fall back to their
 * code default); every other byte of meaning ({@code variants}, {@code defaultVariant}, {@code targeting},
 * {@code $evaluators}, unknown fields) is written back as read. {@link #value} resolves a flag the way a
 * caller without an evaluation context does: the default variant's value, or empty when DISABLED or absent.
 *
 * <p>Rewrites are atomic and keep the previous content: under an exclusive lock on {@code .NAME.lock} in the
 * same folder, the new content goes to a temporary file there, is forced to disk, and is renamed over the
 * file, and the folder is forced so the rename survives a crash; the content it replaced is first kept the
 * same way as {@code NAME.prev} ({@link #previous}, {@link #undo}). A crash at any point leaves the old or the
 * new file, never a mix (see {@code FlagdFileCrashTest}).
 */
public final class FlagdFile implements FlagStore {
    /** The schema URL written into files this class creates. */
    public static final String SCHEMA = "https://flagd.dev/schema/v0/flags.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;

    private FlagdFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    /** The store over {@code file}; nothing is read until asked. */
    public static FlagdFile at(Path file) {
        return new FlagdFile(file);
    }

    public Path file() {
        return file;
    }

    /** Where the content replaced by the last rewrite is kept: {@code NAME.prev} beside the file. */
    public Path previous() {
        return file.resolveSibling(file.getFileName() + ".prev");
    }

    @Override
    public String describe() {
        return "flagd:" + file;
    }

    @Override
    public List<FlagValue> all() {
        ObjectNode root = parse(file.toString(), read(file));
        List<FlagValue> out = new ArrayList<>();
        root.get("flags").fields().forEachRemaining(e -> out.add(valueOf(e.getKey(), e.getValue())));
        out.sort(Comparator.comparing(FlagValue::name));
        return out;
    }

    /**
     * The value a caller without an evaluation context gets for {@code name}: its default variant's value, or
     * empty when the flag is DISABLED or not in the file. Reads the file now; a broken file is a
     * {@code BAD_INPUT} naming the field.
     */
    public Optional<JsonNode> value(String name) {
        ObjectNode root = parse(file.toString(), read(file));
        JsonNode flag = root.get("flags").get(name);
        if (flag == null || "DISABLED".equals(flag.get("state").asText())) {
            return Optional.empty();
        }
        return Optional.of(flag.get("variants").get(flag.get("defaultVariant").asText()).deepCopy());
    }

    @Override
    public Toggle set(String name, boolean enabled, String who) {
        FlagValue.requireName(name, "flag");
        return locked(() -> {
            String text = read(file);
            ObjectNode root = parse(file.toString(), text);
            JsonNode flag = root.get("flags").get(name);
            if (flag == null) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "flag " + name + " is not in " + file
                        + " (flags there: " + String.join(", ", names(root)) + ")");
            }
            FlagValue before = valueOf(name, flag);
            if (before.enabled() == enabled) {
                return new Toggle(before, before, false, Optional.empty());
            }
            ((ObjectNode) flag).put("state", enabled ? "ENABLED" : "DISABLED");
            FlagValue after = valueOf(name, flag);
            String next = MAPPER.writeValueAsString(root) + "\n";
            replace(previous(), text);
            replace(file, next);
            return new Toggle(before, after, true, Optional.empty());
        });
    }

    /**
     * Puts the kept previous content back (and keeps the content it replaces as the new previous one): one
     * step of undo. Refused when there is nothing kept or the kept content does not read as a flags file.
     */
    public void undo() {
        locked(() -> {
            Path prev = previous();
            if (!Files.exists(prev)) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "no previous content kept for " + file);
            }
            String old = read(prev);
            parse(prev.toString(), old);
            String current = read(file);
            replace(prev, current);
            replace(file, old);
            return null;
        });
    }

    /** Writes {@code content} as the whole file, atomically, keeping what was there as {@link #previous}. */
    public void write(String content) {
        parse(file.toString() + " (new content)", content);
        locked(() -> {
            if (Files.exists(file)) {
                replace(previous(), read(file));
            }
            replace(file, content);
            return null;
        });
    }

    /** Parses and checks a flags file's text; {@code source} names it in errors. */
    static ObjectNode parse(String source, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(source, "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "must hold a JSON object with a 'flags' object");
        }
        JsonNode schema = root.get("$schema");
        if (schema != null && !schema.isTextual()) {
            throw invalid(source, "field '$schema' must be a string (the schema URL, " + SCHEMA + ")");
        }
        JsonNode evaluators = root.get("$evaluators");
        if (evaluators != null && !evaluators.isObject()) {
            throw invalid(source, "field '$evaluators' must be an object");
        }
        JsonNode flags = root.get("flags");
        if (flags == null || !flags.isObject()) {
            throw invalid(source, "field 'flags' must be an object of flag definitions");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = flags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            check(source, e.getKey(), e.getValue());
        }
        return (ObjectNode) root;
    }

    private static void check(String source, String name, JsonNode flag) {
        String path = "flags." + name;
        try {
            FlagValue.requireName(name, "flag name");
        } catch (PerfguardException e) {
            throw invalid(source, "field '" + path + "': " + e.getMessage());
        }
        if (!flag.isObject()) {
            throw invalid(source, "field '" + path + "' must be an object with state, variants and defaultVariant");
        }
        JsonNode state = flag.get("state");
        if (state == null || !state.isTextual() || !(state.asText().equals("ENABLED") || state.asText().equals("DISABLED"))) {
            throw invalid(source, "field '" + path + ".state' must be \"ENABLED\" or \"DISABLED\", was " + state);
        }
        JsonNode variants = flag.get("variants");
        if (variants == null || !variants.isObject() || variants.isEmpty()) {
            throw invalid(source, "field '" + path + ".variants' must be a non-empty object of variant name to value, was "
                    + variants);
        }
        JsonNode dv = flag.get("defaultVariant");
        if (dv == null || !dv.isTextual()) {
            throw invalid(source, "field '" + path + ".defaultVariant' must name one of the variants, was " + dv);
        }
        if (!variants.has(dv.asText())) {
            List<String> names = new ArrayList<>();
            variants.fieldNames().forEachRemaining(names::add);
            throw invalid(source, "field '" + path + ".defaultVariant' is '" + dv.asText() + "', which is not one of the variants ("
                    + String.join(", ", names) + ")");
        }
        for (String field : List.of("targeting", "metadata")) {
            JsonNode f = flag.get(field);
            if (f != null && !f.isObject()) {
                throw invalid(source, "field '" + path + "." + field + "' must be an object, was " + f.getNodeType());
            }
        }
    }

    static FlagValue valueOf(String name, JsonNode flag) {
        boolean enabled = flag.get("state").asText().equals("ENABLED");
        String variant = flag.get("defaultVariant").asText();
        JsonNode value = flag.get("variants").get(variant);
        String state = !enabled ? "off" : value.isBoolean() ? (value.asBoolean() ? "on" : "off") : variant;
        return new FlagValue(name, enabled, Optional.of(variant), state);
    }

    private static List<String> names(ObjectNode root) {
        List<String> names = new ArrayList<>();
        root.get("flags").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static PerfguardException invalid(String source, String what) {
        return PerfguardException.badInput("flags file " + source + ": " + what);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "flags file " + path + " does not exist");
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "flags file " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    private <T> T locked(Work<T> work) {
        Path lock = file.resolveSibling("." + file.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            return work.run();
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "flags file " + file + " cannot be rewritten: " + e.getMessage(), e);
        }
    }

    /** Temp file in the same folder, forced, renamed over {@code target}, folder forced. */
    static void replace(Path target, String content) throws IOException {
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceFolder(dir);
    }

    private static void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a folder for reading; the rename itself stays atomic
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
