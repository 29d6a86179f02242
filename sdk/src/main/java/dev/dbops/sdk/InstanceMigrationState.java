package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStatus;

import java.util.List;
import java.util.Optional;

/**
 * The migration state of a schema on one instance: the schema's changesets, each with its status
 * there. Iterate it as any list (pages fetched lazily), or ask it directly: {@link #pending()},
 * {@link #failed()}, {@link #isDeployed(String)}, {@link #statusOf(String)}. Each of those walks
 * the changesets now (one page in memory at a time) and answers from what the service said.
 * To wait for a deployment, see {@link InstanceRef#waitUntilDeployed(String)}.
 */
public final class InstanceMigrationState extends PagedList<ChangeSetState, InstanceMigrationState> {

    private final InstanceRef instance;

    InstanceMigrationState(Exchange exchange, InstanceRef instance) {
        super(exchange, Operation.GET_MIGRATION_STATE, instance.target(), () -> instance.validate(Operation.GET_MIGRATION_STATE));
        this.instance = instance;
    }

    /**
     * The changesets not (or no longer) deployed on this instance: not deployed, rolled back, or in
     * a status this SDK does not know yet. Failed ones are {@link #failed()}.
     *
     * @return those changesets in the service's order; empty when there are none
     */
    public List<ChangeSetState> pending() {
        return stream().filter(c -> {
            MigrationStatus status = statusIn(c).map(ChangeSetInstanceState::getStatus).orElse(null);
            return status != MigrationStatus.SUCCESSFULLY_DEPLOYED && status != MigrationStatus.DEPLOYMENT_FAILED;
        }).toList();
    }

    /**
     * The changesets whose deployment to this instance failed; {@link #statusOf} gives each one's error.
     *
     * @return those changesets in the service's order; empty when there are none
     */
    public List<ChangeSetState> failed() {
        return stream().filter(c -> statusIn(c).map(ChangeSetInstanceState::getStatus)
                .orElse(null) == MigrationStatus.DEPLOYMENT_FAILED).toList();
    }

    /**
     * Whether this changeset is deployed on this instance (false when the schema has no such changeset).
     *
     * @param changeSet the changeset's id, as {@link ChangeSetState#getChangeSet()} gives it
     * @return true when its status on this instance is {@link MigrationStatus#SUCCESSFULLY_DEPLOYED}
     */
    public boolean isDeployed(String changeSet) {
        return statusOf(changeSet).map(ChangeSetInstanceState::getStatus).orElse(null) == MigrationStatus.SUCCESSFULLY_DEPLOYED;
    }

    /**
     * This changeset's state on this instance (status, error, when), or empty when the schema has no such changeset.
     *
     * @param changeSet the changeset's id, as {@link ChangeSetState#getChangeSet()} gives it
     * @return its state here; empty also when the service reports no state for this instance
     */
    public Optional<ChangeSetInstanceState> statusOf(String changeSet) {
        Validation.notNull(operation.id(), "changeSet", changeSet);
        return stream().filter(c -> changeSet.equals(c.getChangeSet())).findFirst().flatMap(this::statusIn);
    }

    /**
     * The identifier of the instance.
     *
     * @return the identifier, as given to {@link SchemaRef#instance(String)}
     */
    public String instanceIdentifier() {
        return instance.identifier();
    }

    private Optional<ChangeSetInstanceState> statusIn(ChangeSetState changeSet) {
        return stateOn(changeSet, instance.identifier());
    }

    /** An instance's entry in a changeset's per-instance states. */
    static Optional<ChangeSetInstanceState> stateOn(ChangeSetState changeSet, String instance) {
        if (changeSet.getInstances() == null) {
            return Optional.empty();
        }
        return changeSet.getInstances().stream().filter(s -> instance.equals(s.getInstance())).findFirst();
    }



    @Override
    EncodedRequest<?> encodePage(int page, int limit) {
        return MigrationStateList.encode(instance.schema(), List.of(instance.identifier()), null, order, searchTerm,
                page, limit);
    }

    @Override
    List<ChangeSetState> items(Object body) {
        return MigrationStateList.changeSets(body);
    }
}
