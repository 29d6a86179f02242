package dev.dbops.sdk.testkit;

import dev.dbops.sdk.HarnessDbOps;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link DbOpsStandIn} for a test class and hands tests a ready
 * {@link HarnessDbOps} (or the stand-in itself) as a parameter. State is reset before each test.
 *
 * <pre>{@code
 * @WithDbOpsStandIn
 * class MyServiceTest {
 *     @Test void provisions(HarnessDbOps dbops) { ... }
 * }
 * // or, to choose the mode:
 * @RegisterExtension static DbOpsStandInExtension standIn = DbOpsStandInExtension.examples();
 * }</pre>
 */
public final class DbOpsStandInExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final DbOpsStandIn.Mode mode;
    private DbOpsStandIn standIn;
    private boolean perTest;

    /** A stateful stand-in; the constructor {@code @ExtendWith} and {@link WithDbOpsStandIn} use. */
    public DbOpsStandInExtension() {
        this(DbOpsStandIn.Mode.STATEFUL);
    }

    private DbOpsStandInExtension(DbOpsStandIn.Mode mode) {
        this.mode = mode;
    }

    /** An extension running a stateful stand-in. */
    public static DbOpsStandInExtension stateful() {
        return new DbOpsStandInExtension(DbOpsStandIn.Mode.STATEFUL);
    }

    /** An extension running a stand-in that answers the document's examples. */
    public static DbOpsStandInExtension examples() {
        return new DbOpsStandInExtension(DbOpsStandIn.Mode.EXAMPLES);
    }

    /** The running stand-in. */
    public DbOpsStandIn standIn() {
        if (standIn == null) {
            throw new IllegalStateException("The stand-in starts before the first test; it is not running yet");
        }
        return standIn;
    }

    /** A client bound to the running stand-in. */
    public HarnessDbOps client() {
        return standIn().client();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        standIn = create().start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (standIn == null) {
            // Registered on an instance field: beforeAll never ran, so the stand-in lives per test.
            standIn = create().start();
            perTest = true;
        } else {
            standIn.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            standIn.stop();
            standIn = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (standIn != null) {
            standIn.stop();
            standIn = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HarnessDbOps.class || type == DbOpsStandIn.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HarnessDbOps.class ? client() : standIn();
    }

    private DbOpsStandIn create() {
        return mode == DbOpsStandIn.Mode.STATEFUL ? DbOpsStandIn.stateful() : DbOpsStandIn.examples();
    }
}
