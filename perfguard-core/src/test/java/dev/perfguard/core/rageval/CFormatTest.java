package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

    /** k / 2^n with n <= 5 are exact binary fractions; at four decimals the ties go to even. */
    @Property
    void dyadicTiesGoToEven(@ForAll @IntRange(min = 0, max = 3199) int k) {
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

    /** Away from ties the two roundings agree, so String.format is an independent check there. */
    @Property
    void agreesWithJavaAwayFromTies(@ForAll @DoubleRange(min = -1000, max = 1000) double v) {
        double frac = Math.abs(v * 10000) % 1;
        if (Math.abs(frac - 0.5) > 1e-6) {
            assertThat(CFormat.fixed4(v)).isEqualTo(String.format(Locale.ROOT, "%6.4f", v));
        }
    }
}
