package dev.dbops.sdk.testkit;

import dev.dbops.sdk.HarnessDbOps;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * JUnit 5 extension that runs a {@link DbOpsStandIn} and hands tests a ready {@link HarnessDbOps}
 * (or the stand-in itself) as a parameter. Before each test the stand-in is {@linkplain
 * DbOpsStandIn#reset() reset} and its network conditions set back to the extension's.
 *
 * <pre>{@code
 * @WithDbOpsStandIn
 * class MyServiceTest {
 *     @Test void provisions(HarnessDbOps dbops) { ... }
 * }
 * // or, to choose the mode, the clock or the network:
 * @RegisterExtension static DbOpsStandInExtension standIn = DbOpsStandInExtension.stateful()
 *         .withClock(clock)
 *         .withNetwork(n -> n.latency(Duration.ofMillis(20)));
 * }</pre>
 *
 * <h2>Lifetime</h2>
 * Registered on the class ({@link WithDbOpsStandIn}, {@code @ExtendWith}, or a static
 * {@code @RegisterExtension} field), one stand-in serves the class and all its {@code @Nested}
 * classes, and stops when the class is done. Registered on an instance field, each test gets its
 * own, stopped after the test. JUnit's {@link ExtensionContext.Store} owns the running stand-in
 * and closes it, so the extension itself holds only its configuration.
 */
public final class DbOpsStandInExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final String KEY = "standIn";

    private final DbOpsStandIn.Mode mode;
    private final Clock clock;
    private final NetworkConditions network;
    private final ExtensionContext.Namespace namespace;
    // Only for standIn()/client() called from a test's own code, which has no ExtensionContext:
    // which stand-in the test running on this thread uses. The Store still owns it.
    private final ThreadLocal<DbOpsStandIn> inUseOnThisThread = new ThreadLocal<>();

    /** A stateful stand-in; the constructor {@code @ExtendWith} and {@link WithDbOpsStandIn} use. */
    public DbOpsStandInExtension() {
        this(DbOpsStandIn.Mode.STATEFUL, null, NetworkConditions.NONE);
    }

    private DbOpsStandInExtension(DbOpsStandIn.Mode mode, Clock clock, NetworkConditions network) {
        this.mode = mode;
        this.clock = clock;
        this.network = network;
        this.namespace = ExtensionContext.Namespace.create(DbOpsStandInExtension.class, this);
    }

    /**
     * An extension running a stateful stand-in.
     *
     * @return a new extension with the system clock and no network conditions; register it in a
     *     {@code @RegisterExtension} field
     */
    public static DbOpsStandInExtension stateful() {
        return new DbOpsStandInExtension(DbOpsStandIn.Mode.STATEFUL, null, NetworkConditions.NONE);
    }

    /**
     * An extension running a stand-in that answers the document's examples.
     *
     * @return a new extension with the system clock and no network conditions; register it in a
     *     {@code @RegisterExtension} field
     */
    public static DbOpsStandInExtension examples() {
        return new DbOpsStandInExtension(DbOpsStandIn.Mode.EXAMPLES, null, NetworkConditions.NONE);
    }

    /**
     * This extension with the stand-in's clock set (see {@link DbOpsStandIn#clock(Clock)}); pass a
     * {@link MutableClock} to move time in tests.
     *
     * @param clock the clock every stand-in this extension starts uses, not null; a
     *     {@link MutableClock} keeps its time across tests, since a reset does not move it
     * @return a new extension with this clock and this extension's mode and network conditions;
     *     this one is unchanged
     */
    public DbOpsStandInExtension withClock(Clock clock) {
        return new DbOpsStandInExtension(mode, Objects.requireNonNull(clock, "clock"), network);
    }

    /**
     * This extension with network conditions every test starts from; {@code change} gets a
     * builder holding this extension's current ones. A test may change them on its stand-in; the
     * next test starts from these again.
     *
     * @param change sets the conditions on a builder holding this extension's current ones
     * @return a new extension with the changed conditions and this extension's mode and clock;
     *     this one is unchanged
     */
    public DbOpsStandInExtension withNetwork(Consumer<NetworkConditions.Builder> change) {
        NetworkConditions.Builder builder = network.toBuilder();
        change.accept(builder);
        return withNetwork(builder.build());
    }

    /**
     * This extension with these network conditions for every test; see {@link #withNetwork(Consumer)}.
     *
     * @param conditions the conditions each test starts with, not null; {@link NetworkConditions#NONE}
     *     for none
     * @return a new extension with these conditions and this extension's mode and clock; this one
     *     is unchanged
     */
    public DbOpsStandInExtension withNetwork(NetworkConditions conditions) {
        return new DbOpsStandInExtension(mode, clock, Objects.requireNonNull(conditions, "conditions"));
    }

    /**
     * The stand-in of the test running on this thread (from {@code @BeforeAll}, the class's). With
     * parallel test execution, prefer taking the {@link DbOpsStandIn} as a parameter.
     *
     * @return the running stand-in
     * @throws IllegalStateException when called outside the tests (and callbacks) this extension serves
     */
    public DbOpsStandIn standIn() {
        DbOpsStandIn standIn = inUseOnThisThread.get();
        if (standIn == null) {
            throw new IllegalStateException("No stand-in runs for this thread's test: it starts before the"
                    + " class's tests (or each test, for an instance field) and stops after them");
        }
        return standIn;
    }

    /**
     * A client bound to the stand-in of the test running on this thread.
     *
     * @return the stand-in's shared client, as {@link DbOpsStandIn#client()}
     * @throws IllegalStateException when called outside the tests (and callbacks) this extension serves
     */
    public HarnessDbOps client() {
        return standIn().client();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        inUseOnThisThread.set(startedFor(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        DbOpsStandIn standIn = startedFor(context);
        standIn.reset();
        standIn.network(network);
        inUseOnThisThread.set(standIn);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        useTheOneOf(context.getParent());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        useTheOneOf(context.getParent());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HarnessDbOps.class || type == DbOpsStandIn.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DbOpsStandIn standIn = lookup(context).orElseThrow(() -> new ParameterResolutionException(
                "No stand-in runs yet for " + context.getDisplayName()
                        + ": an extension on an instance field starts one per test, so not for @BeforeAll"));
        return parameter.getParameter().getType() == HarnessDbOps.class ? standIn.client() : standIn;
    }

    /**
     * The stand-in of this context or an enclosing one (a {@code @Nested} class uses its outer
     * class's), else a new one stored in this context, which JUnit closes when the context ends.
     */
    private DbOpsStandIn startedFor(ExtensionContext context) {
        return context.getStore(namespace).getOrComputeIfAbsent(KEY, key -> new RunningStandIn(start()),
                RunningStandIn.class).standIn();
    }

    private DbOpsStandIn start() {
        DbOpsStandIn standIn = mode == DbOpsStandIn.Mode.STATEFUL ? DbOpsStandIn.stateful() : DbOpsStandIn.examples();
        if (clock != null) {
            standIn.clock(clock);
        }
        return standIn.network(network).start();
    }

    private Optional<DbOpsStandIn> lookup(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(namespace).get(KEY, RunningStandIn.class)).map(RunningStandIn::standIn);
    }

    private void useTheOneOf(Optional<ExtensionContext> enclosing) {
        Optional<DbOpsStandIn> standIn = enclosing.flatMap(this::lookup);
        if (standIn.isPresent()) {
            inUseOnThisThread.set(standIn.get());
        } else {
            inUseOnThisThread.remove();
        }
    }

    /**
     * The Store's handle on a running stand-in. JUnit 5.13 and later close stored
     * {@link AutoCloseable}s; earlier versions close only a {@code CloseableResource}. Being both,
     * it is closed once by either.
     */
    @SuppressWarnings("deprecation")
    private record RunningStandIn(DbOpsStandIn standIn)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            standIn.stop();
        }
    }
}
