package dev.perfguard.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.statement.ParsedSql;
import org.junit.jupiter.api.Test;

class NamedParametersTest {
    @Test
    void namedAndPositionalParametersBecomePlaceholders() {
        ParsedSql p = NamedParameters.parse("SELECT a FROM t WHERE id = :id AND (b < :createdMs OR b = :created_ms2) LIMIT :limit");
        assertThat(p.getSql()).isEqualTo("SELECT a FROM t WHERE id = ? AND (b < ? OR b = ?) LIMIT ?");
        assertThat(p.getParameters().getParameterNames()).containsExactly("id", "createdMs", "created_ms2", "limit");
        ParsedSql positional = NamedParameters.parse("UPDATE t SET a = ? WHERE id = ?");
        assertThat(positional.getSql()).isEqualTo("UPDATE t SET a = ? WHERE id = ?");
        assertThat(positional.getParameters().isPositional()).isTrue();
        assertThat(positional.getParameters().getParameterCount()).isEqualTo(2);
    }

    @Test
    void quotesCommentsAndCastsAreLeftAlone() {
        String sql = "SELECT ':notparam', \"col:x\", 'it''s :still text' -- :comment ?\n"
                + "/* :block ? */ FROM t WHERE x = :x::text AND s <> 'a?b'";
        ParsedSql p = NamedParameters.parse(sql);
        assertThat(p.getSql()).isEqualTo("SELECT ':notparam', \"col:x\", 'it''s :still text' -- :comment ?\n"
                + "/* :block ? */ FROM t WHERE x = ?::text AND s <> 'a?b'");
        assertThat(p.getParameters().getParameterNames()).containsExactly("x");
    }

    @Test
    void aLoneColonOrAnUnclosedQuoteIsText() {
        assertThat(NamedParameters.parse("SELECT 'a: b' || : FROM t").getSql()).isEqualTo("SELECT 'a: b' || : FROM t");
        assertThat(NamedParameters.parse("SELECT ':x").getParameters().getParameterNames()).isEmpty();
    }
}
