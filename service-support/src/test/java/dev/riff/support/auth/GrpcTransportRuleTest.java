package dev.riff.support.auth;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** gRPC carries the callers' tokens in its metadata: plaintext only on loopback, or where an operator allows it. */
class GrpcTransportRuleTest {

    @Test
    void plaintextIsServedOnLoopbackOnly() {
        assertNull(GrpcCallerAuthorization.plaintextRefusal("127.0.0.1", "enabled", false));
        assertNull(GrpcCallerAuthorization.plaintextRefusal("::1", "enabled", false));
        assertNotNull(GrpcCallerAuthorization.plaintextRefusal("0.0.0.0", "enabled", false));
        assertNotNull(GrpcCallerAuthorization.plaintextRefusal("10.0.0.5", "redirect", false));
    }

    @Test
    void beyondLoopbackItNeedsTlsOnlyOrAnOperatorsWord() {
        assertNull(GrpcCallerAuthorization.plaintextRefusal("0.0.0.0", "disabled", false));
        assertNull(GrpcCallerAuthorization.plaintextRefusal("0.0.0.0", "enabled", true));
    }
}
