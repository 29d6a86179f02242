package dev.dbops.sdk.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a stateful {@link DbOpsStandIn} for the annotated test class and its {@code @Nested}
 * classes, reset before each test; test methods may take a {@link dev.dbops.sdk.HarnessDbOps}
 * bound to it, or the {@link DbOpsStandIn}, as parameters. For a clock or network conditions,
 * register a {@link DbOpsStandInExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DbOpsStandInExtension.class)
public @interface WithDbOpsStandIn {
}
