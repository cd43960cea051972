package io.guestlink.alert;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSignWithHmacSha256AsRfc4231() {
        // RFC 4231 test case 2
        assertThat(WebhookSignature.sign(b("Jefe"), b("what do ya want for nothing?")))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void shouldVerifyOnlyTheExactBodyWithTheSameSecret() {
        byte[] secret = b("0123456789abcdef-secret");
        String sig = WebhookSignature.sign(secret, b("{\"id\":\"a\"}"));
        assertThat(WebhookSignature.verify(secret, b("{\"id\":\"a\"}"), sig)).isTrue();
        assertThat(WebhookSignature.verify(secret, b("{\"id\":\"b\"}"), sig)).isFalse();
        assertThat(WebhookSignature.verify(b("another-secret-0123"), b("{\"id\":\"a\"}"), sig)).isFalse();
        assertThat(WebhookSignature.verify(secret, b("{\"id\":\"a\"}"), null)).isFalse();
    }
}
