package dev.riff.support.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a caller's credential must carry for an {@code /api/**} route (on the method, or on the
 * resource class for all its methods). A route under /api without one is refused to everyone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    /** For example {@code config:write}; see docs/architecture.md for the list. */
    String value();
}
