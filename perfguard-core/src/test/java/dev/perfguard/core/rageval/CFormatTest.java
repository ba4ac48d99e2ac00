package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.Generated;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CFormatTest {
    @Test
    void exactHalvesRoundToEvenLikeGlibc() {
        // 1/32 is exactly 0.03125: C prints 0.0312, Java's String.format 0.0313
        assertThat(CFormat.fixed4(1.0 / 32)).isEqualTo("0.0312");
        assertThat(String.format(Locale.ROOT, "%6.4f", 1.0 / 32)).isEqualTo("0.0313");
        assertThat(CFormat.fixed4(3.0 / 32)).isEqualTo("0.0938");
        assertThat(CFormat.fixed4(0.00005)).isEqualTo("0.0001"); // not exactly half in binary: above it
        assertThat(CFormat.fixed4(0.00015)).isEqualTo("0.0001"); // binary value is below the half
    }

    @Test
    void widthSignAndSpecialValues() {
        assertThat(CFormat.fixed4(1)).isEqualTo("1.0000");
        assertThat(CFormat.fixed4(-412.66666666)).isEqualTo("-412.6667");
        assertThat(CFormat.fixed4(-0.0)).isEqualTo("-0.0000");
        assertThat(CFormat.fixed4(-0.00001)).isEqualTo("-0.0000");
        assertThat(CFormat.fixed(0.5, 2, 6)).isEqualTo("  0.50");
        assertThat(CFormat.fixed4(Double.NaN)).isEqualTo("   nan");
        assertThat(CFormat.fixed4(Double.POSITIVE_INFINITY)).isEqualTo("   inf");
    }

    /** 500 drawn k in [0, 3199] and the edges of that range (k = 1 is the tie 0.03125). */
    static Stream<Arguments> thirtySeconds() {
        return Generated.cases(20_261_206L, 500, Generated.edges(0, 3199), g -> g.ints(0, 3199));
    }

    /** k / 2^n with n <= 5 are exact binary fractions; at four decimals the ties go to even. */
    @ParameterizedTest
    @MethodSource("thirtySeconds")
    void dyadicTiesGoToEven(int k) {
        double v = k / 32.0;
        long scaled = k * 3125L; // v * 10^5 exactly
        long q = scaled / 10;
        long r = scaled % 10;
        if (r > 5 || (r == 5 && (q & 1) == 1)) {
            q++;
        }
        String expected = (q / 10000) + "." + String.format(Locale.ROOT, "%04d", q % 10000);
        assertThat(CFormat.fixed4(v)).isEqualTo(String.format(Locale.ROOT, "%6s", expected));
    }

    /** 500 drawn values in [-1000, 1000]; the edges are the bounds, -1, -0, 0, 1 and the smallest doubles either side of 0. */
    static Stream<Arguments> values() {
        List<Double> edges = List.of(-1000.0, -1.0, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1.0, 1000.0);
        return Generated.cases(20_261_207L, 500, edges, g -> g.doubles(-1000, 1000));
    }

    /** Away from ties the two roundings agree, so String.format is an independent check there. */
    @ParameterizedTest
    @MethodSource("values")
    void agreesWithJavaAwayFromTies(double v) {
        double frac = Math.abs(v * 10000) % 1;
        if (Math.abs(frac - 0.5) > 1e-6) {
            assertThat(CFormat.fixed4(v)).isEqualTo(String.format(Locale.ROOT, "%6.4f", v));
        }
    }
}
