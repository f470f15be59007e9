-- Access module: the ASP.NET Core data-protection key ring, shared by every instance, so a console
-- session cookie and antiforgery token made by one instance are read by the other behind the load balancer.

CREATE TABLE access.data_protection_keys (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name  text        NOT NULL,
    xml            text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
