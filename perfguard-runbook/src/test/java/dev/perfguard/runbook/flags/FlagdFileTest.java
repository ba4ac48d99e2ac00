package dev.perfguard.runbook.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagdFileTest {
    static final String FLAGS = """
            {
              "$schema": "https://flagd.dev/schema/v0/flags.json",
              "flags": {
                "new-ranker": {
                  "state": "ENABLED",
                  "variants": {"on": true, "off": false},
                  "defaultVariant": "on",
                  "targeting": {"if": [{"in": ["beta", {"var": "groups"}]}, "on", "off"]},
                  "metadata": {"owner": "search-quality"}
                },
                "slow-ranker": {
                  "state": "DISABLED",
                  "variants": {"off": false, "slow": {"p": 0.5, "delayMs": 200}},
                  "defaultVariant": "slow"
                },
                "colour": {
                  "state": "ENABLED",
                  "variants": {"red": "#f00", "blue": "#00f"},
                  "defaultVariant": "blue"
                }
              },
              "$evaluators": {"beta": {"in": ["@example.com", {"var": "email"}]}}
            }
            """;

    @TempDir Path tmp;

    private FlagdFile file() throws Exception {
        Path p = tmp.resolve("flags.json");
        Files.writeString(p, FLAGS);
        return FlagdFile.at(p);
    }

    @Test
    void readsEveryFlagWithItsState() throws Exception {
        assertThat(file().all()).containsExactly(
                new FlagValue("colour", true, Optional.of("blue"), "blue"),
                new FlagValue("new-ranker", true, Optional.of("on"), "on"),
                new FlagValue("slow-ranker", false, Optional.of("slow"), "off"));
    }

    @Test
    void valueIsTheDefaultVariantsValueOrEmptyWhenDisabledOrAbsent() throws Exception {
        FlagdFile f = file();
        assertThat(f.value("new-ranker")).hasValueSatisfying(v -> assertThat(v.asBoolean()).isTrue());
        assertThat(f.value("colour")).hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo("#00f"));
        assertThat(f.value("slow-ranker")).isEmpty();
        assertThat(f.value("nothing")).isEmpty();
    }

    @Test
    void turningOffWritesDisabledKeepsEverythingElseAndThePreviousContent() throws Exception {
        FlagdFile f = file();
        FlagStore.Toggle t = f.set("new-ranker", false, "alice");
        assertThat(t.changed()).isTrue();
        assertThat(t.before().state()).isEqualTo("on");
        assertThat(t.after().state()).isEqualTo("off");
        ObjectMapper m = new ObjectMapper();
        var expected = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(FLAGS);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("flags").get("new-ranker")).put("state", "DISABLED");
        assertThat(m.readTree(Files.readString(f.file()))).isEqualTo(expected);
        assertThat(Files.readString(f.previous())).isEqualTo(FLAGS);
        assertThat(f.value("new-ranker")).isEmpty();
    }

    @Test
    void aToggleToTheCurrentStateWritesNothing() throws Exception {
        FlagdFile f = file();
        FlagStore.Toggle t = f.set("slow-ranker", false, "alice");
        assertThat(t.changed()).isFalse();
        assertThat(t.before()).isEqualTo(t.after());
        assertThat(Files.readString(f.file())).isEqualTo(FLAGS);
        assertThat(f.previous()).doesNotExist();
    }

    @Test
    void undoPutsThePreviousContentBack() throws Exception {
        FlagdFile f = file();
        f.set("new-ranker", false, "alice");
        f.undo();
        assertThat(Files.readString(f.file())).isEqualTo(FLAGS);
        assertThat(f.get("new-ranker").orElseThrow().enabled()).isTrue();
    }

    @Test
    void anUnknownFlagIsNotFoundAndNamesTheFlagsThere() throws Exception {
        assertThatThrownBy(() -> file().set("old-ranker", false, "alice"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("flag old-ranker is not in").hasMessageContaining("new-ranker, slow-ranker, colour");
    }

    @Test
    void brokenFilesAreRefusedNamingTheField() {
        assertRefused("{\"flags\": {\"a\": {\"state\": \"on\", \"variants\": {\"on\": true}, \"defaultVariant\": \"on\"}}}",
                "field 'flags.a.state' must be \"ENABLED\" or \"DISABLED\", was \"on\"");
        assertRefused("{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {}, \"defaultVariant\": \"on\"}}}",
                "field 'flags.a.variants' must be a non-empty object");
        assertRefused("{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true}, \"defaultVariant\": \"x\"}}}",
                "field 'flags.a.defaultVariant' is 'x', which is not one of the variants (on)");
        assertRefused("{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true}}}}",
                "field 'flags.a.defaultVariant' must name one of the variants, was null");
        assertRefused("{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true}, \"defaultVariant\": \"on\", \"targeting\": []}}}",
                "field 'flags.a.targeting' must be an object");
        assertRefused("{\"$schema\": 3, \"flags\": {}}", "field '$schema' must be a string");
        assertRefused("{\"flag\": {}}", "field 'flags' must be an object");
        assertRefused("{\"flags\": {}, \"flags\": {}}", "is not valid JSON: Duplicate field 'flags'");
        assertRefused("{\"flags\": {", "is not valid JSON");
    }

    @Test
    void aBrokenFileIsNeverRewritten() throws Exception {
        Path p = tmp.resolve("flags.json");
        String broken = "{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true}, \"defaultVariant\": \"x\"}}}";
        Files.writeString(p, broken);
        assertThatThrownBy(() -> FlagdFile.at(p).set("a", false, "alice")).hasMessageContaining("flags.a.defaultVariant");
        assertThat(Files.readString(p)).isEqualTo(broken);
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThatThrownBy(() -> FlagdFile.at(tmp.resolve("none.json")).all())
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("none.json does not exist");
    }

    private void assertRefused(String text, String message) {
        assertThatThrownBy(() -> FlagdFile.parse("f.json", text))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("flags file f.json: " + message);
    }
}
