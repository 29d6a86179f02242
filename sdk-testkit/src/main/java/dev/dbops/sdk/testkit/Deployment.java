package dev.dbops.sdk.testkit;

import dev.dbops.sdk.model.MigrationStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one changeset on one instance, for {@link DbOpsStandIn#deploy(Deployment)}:
 * its new status, and what the migration state shows with it (the error text of a failed
 * deployment, the deployment's tag, pipeline and execution ids, when it happened).
 *
 * <pre>{@code
 * standIn.deploy(Deployment.of("my_db_schema", "my_db_instance", "add_customers_email", MigrationStatus.DEPLOYMENT_FAILED)
 *         .error("ERROR: column \"email\" contains null values")
 *         .pipeline("deploy_my_db_schema"));
 * }</pre>
 *
 * A builder: each setter changes this object and returns it. The stand-in copies what it needs
 * when it records the deployment.
 */
public final class Deployment {

    private final String schema;
    private final String instance;
    private final String changeSet;
    private final String status;
    private String error;
    private String tag;
    private String pipeline;
    private String planExecutionId;
    private String stageExecutionId;
    private Instant at;

    private Deployment(String schema, String instance, String changeSet, String status) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.changeSet = Objects.requireNonNull(changeSet, "changeSet");
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * The changeset {@code changeSet} of schema {@code schema} now has {@code status} on instance
     * {@code instance}. {@code NOT_DEPLOYED} forgets what the instance recorded for it, as if it
     * had never been deployed there.
     */
    public static Deployment of(String schema, String instance, String changeSet, MigrationStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == MigrationStatus.UNKNOWN_DEFAULT_OPEN_API) {
            throw new IllegalArgumentException("UNKNOWN_DEFAULT_OPEN_API is what the SDK reads for a status it does"
                    + " not know; to serve such a status, use Deployment.withStatus with its text");
        }
        return new Deployment(schema, instance, changeSet, status.getValue());
    }

    /**
     * As {@link #of}, with the status as the service writes it: lets a test serve a status the SDK
     * does not know yet (say {@code "Deployment_Queued"}), to check that code reading it copes.
     */
    public static Deployment withStatus(String schema, String instance, String changeSet, String status) {
        Objects.requireNonNull(status, "status");
        if (status.isBlank()) {
            throw new IllegalArgumentException("A status must not be blank");
        }
        return new Deployment(schema, instance, changeSet, status);
    }

    /** What the migration tool reported (for a failed deployment). */
    public Deployment error(String error) {
        this.error = error;
        return this;
    }

    /** The tag of the deployment; a successful one also becomes the instance's last applied tag. */
    public Deployment tag(String tag) {
        this.tag = tag;
        return this;
    }

    /** The identifier of the pipeline that deployed (or rolled back) the changeset. */
    public Deployment pipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    /** The pipeline execution. */
    public Deployment planExecutionId(String planExecutionId) {
        this.planExecutionId = planExecutionId;
        return this;
    }

    /** The stage execution within it. */
    public Deployment stageExecutionId(String stageExecutionId) {
        this.stageExecutionId = stageExecutionId;
        return this;
    }

    /** When it happened (the migration state's {@code updated}); the stand-in's clock now unless set. */
    public Deployment at(Instant at) {
        this.at = Objects.requireNonNull(at, "at");
        return this;
    }

    /** The schema's identifier. */
    public String schema() {
        return schema;
    }

    /** The instance's identifier. */
    public String instance() {
        return instance;
    }

    /** The changeset's id. */
    public String changeSet() {
        return changeSet;
    }

    /** The status, as the service writes it ({@code Successfully_Deployed}, ...). */
    public String status() {
        return status;
    }

    /** The error text, if set. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The tag, if set. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The pipeline, if set. */
    public Optional<String> pipeline() {
        return Optional.ofNullable(pipeline);
    }

    /** The pipeline execution, if set. */
    public Optional<String> planExecutionId() {
        return Optional.ofNullable(planExecutionId);
    }

    /** The stage execution, if set. */
    public Optional<String> stageExecutionId() {
        return Optional.ofNullable(stageExecutionId);
    }

    /** When it happened, if set. */
    public Optional<Instant> at() {
        return Optional.ofNullable(at);
    }

    @Override
    public String toString() {
        return "Deployment{" + schema + "/" + instance + " " + changeSet + ": " + status + "}";
    }
}
