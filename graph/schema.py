"""Schema migrations: an ordered list of idempotent constraint and index statements.

Each statement is safe to run again (``IF NOT EXISTS``), so the whole list is applied
at every start and by ``flask init-db``. New statements are appended, never edited:
a database only ever moves forward.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.driver import Graph, GraphSettings

MIGRATIONS: tuple[str, ...] = (
    # Natural keys: MERGE on these is safe under concurrent writers.
    "CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) REQUIRE o.id IS UNIQUE",
    "CREATE CONSTRAINT organization_tax_code IF NOT EXISTS "
    "FOR (o:Organization) REQUIRE o.tax_code IS UNIQUE",
    "CREATE CONSTRAINT municipality_istat IF NOT EXISTS "
    "FOR (m:Municipality) REQUIRE m.istat IS UNIQUE",
    "CREATE CONSTRAINT district_code IF NOT EXISTS FOR (d:District) REQUIRE d.code IS UNIQUE",
    "CREATE CONSTRAINT theme_code IF NOT EXISTS FOR (t:Theme) REQUIRE t.code IS UNIQUE",
    "CREATE CONSTRAINT call_code IF NOT EXISTS FOR (c:Call) REQUIRE c.code IS UNIQUE",
    "CREATE CONSTRAINT consortium_id IF NOT EXISTS FOR (c:Consortium) REQUIRE c.id IS UNIQUE",
    # One consortium per district and call where the call says so ("FSE1:DCS07").
    "CREATE CONSTRAINT consortium_district_call IF NOT EXISTS "
    "FOR (c:Consortium) REQUIRE c.district_call_key IS UNIQUE",
    "CREATE CONSTRAINT partnership_id IF NOT EXISTS "
    "FOR ()-[p:PARTNER_OF]-() REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE",
    "CREATE CONSTRAINT user_session_token IF NOT EXISTS "
    "FOR (s:UserSession) REQUIRE s.token IS UNIQUE",
    "CREATE CONSTRAINT login_throttle_key IF NOT EXISTS "
    "FOR (t:LoginThrottle) REQUIRE t.key IS UNIQUE",
    "CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT join_request_id IF NOT EXISTS FOR (r:JoinRequest) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT organization_proposal_id IF NOT EXISTS "
    "FOR (p:OrganizationProposal) REQUIRE p.id IS UNIQUE",
    # Lookups used by listings and facets.
    "CREATE INDEX organization_name IF NOT EXISTS FOR (o:Organization) ON (o.name)",
    "CREATE INDEX organization_kind IF NOT EXISTS FOR (o:Organization) ON (o.kind)",
    "CREATE INDEX municipality_province IF NOT EXISTS FOR (m:Municipality) ON (m.province)",
    "CREATE INDEX partnership_since IF NOT EXISTS FOR ()-[p:PARTNER_OF]-() ON (p.since)",
    "CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)",
    # Full-text search over names and descriptions, with Italian stemming and stop words.
    "CREATE FULLTEXT INDEX organization_text IF NOT EXISTS "
    "FOR (o:Organization) ON EACH [o.name, o.description] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'italian'}}",
    # Consortium builder: archived rule versions, invitations (one pending per
    # consortium and organisation), consortia by call edition.
    "CREATE CONSTRAINT rule_set_key IF NOT EXISTS FOR (r:RuleSet) REQUIRE r.key IS UNIQUE",
    "CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (i:Invitation) REQUIRE i.id IS UNIQUE",
    "CREATE CONSTRAINT invitation_pending_key IF NOT EXISTS "
    "FOR (i:Invitation) REQUIRE i.pending_key IS UNIQUE",
    "CREATE INDEX consortium_call_year IF NOT EXISTS FOR (c:Consortium) ON (c.call_code, c.year)",
    # Partnership requests (one pending per pair of organisations, by pending_key) and
    # partner search: an accent-folded, unstemmed full-text index (a different property
    # list from organization_text, as Neo4j allows one full-text index per schema).
    "CREATE CONSTRAINT partnership_request_id IF NOT EXISTS "
    "FOR (r:PartnershipRequest) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT partnership_request_pending_key IF NOT EXISTS "
    "FOR (r:PartnershipRequest) REQUIRE r.pending_key IS UNIQUE",
    "CREATE INDEX partnership_request_status IF NOT EXISTS "
    "FOR (r:PartnershipRequest) ON (r.status)",
    "CREATE FULLTEXT INDEX organization_text_folded IF NOT EXISTS "
    "FOR (o:Organization) ON EACH [o.name, o.legal_form, o.description] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
    # Network analysis: one cached document per scope and kind, one job slot per scope
    # (MERGE on the key keeps both unique under concurrent workers), jobs polled by id.
    "CREATE CONSTRAINT analysis_result_key IF NOT EXISTS "
    "FOR (r:AnalysisResult) REQUIRE r.key IS UNIQUE",
    "CREATE CONSTRAINT analysis_job_key IF NOT EXISTS FOR (j:AnalysisJob) REQUIRE j.key IS UNIQUE",
    "CREATE INDEX analysis_job_id IF NOT EXISTS FOR (j:AnalysisJob) ON (j.id)",
    "CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (j:ImportJob) REQUIRE j.id IS UNIQUE",
    # API tokens: looked up by the hash of the token a request sends, revoked by id.
    "CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE",
    "CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    # Notifications (read by id, waiting mail by status) and the mail outbox (claimed by
    # status, listed by date).
    "CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX notification_mail_status IF NOT EXISTS FOR (n:Notification) ON (n.mail_status)",
    "CREATE CONSTRAINT mail_id IF NOT EXISTS FOR (m:Mail) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX mail_status IF NOT EXISTS FOR (m:Mail) ON (m.status)",
    "CREATE INDEX mail_created_at IF NOT EXISTS FOR (m:Mail) ON (m.created_at)",
    # Join requests: one pending per user and organisation, by pending_key (audit
    # finding 10: twenty concurrent requests made two).
    "CREATE CONSTRAINT join_request_pending_key IF NOT EXISTS "
    "FOR (r:JoinRequest) REQUIRE r.pending_key IS UNIQUE",
    # Merged organisations: the old id answers with a redirect to the survivor.
    "CREATE CONSTRAINT merged_organization_id IF NOT EXISTS "
    "FOR (g:MergedOrganization) REQUIRE g.id IS UNIQUE",
    "CREATE INDEX merged_organization_into IF NOT EXISTS FOR (g:MergedOrganization) ON (g.into)",
    "CREATE INDEX organization_proposal_organization IF NOT EXISTS "
    "FOR (p:OrganizationProposal) ON (p.organization_id)",
)


def apply_migrations(graph: Graph, *, wait_seconds: int = 300) -> int:
    """Apply every migration in order and wait for the indexes to come online.

    Returns the number of statements applied (all of them: each is idempotent).
    """
    for statement in MIGRATIONS:
        graph.run_schema(statement)
    graph.run_schema(f"CALL db.awaitIndexes({int(wait_seconds)})")
    return len(MIGRATIONS)


@contextmanager
def migrated_graph(settings: GraphSettings) -> Iterator[Graph]:
    """A Graph on ``settings`` with every migration applied, closed afterwards: for the
    suite, the benchmarks and other short-lived users of a database."""
    graph = Graph(settings)
    try:
        apply_migrations(graph)
        yield graph
    finally:
        graph.close()


def schema_names(graph: Graph) -> set[str]:
    """Names of the constraints and indexes the database holds now."""
    return graph.read(_schema_names_tx)


def _schema_names_tx(tx) -> set[str]:  # type: ignore[no-untyped-def]
    names = {r["name"] for r in tx.run("SHOW CONSTRAINTS YIELD name")}
    names |= {r["name"] for r in tx.run("SHOW INDEXES YIELD name")}
    return names
