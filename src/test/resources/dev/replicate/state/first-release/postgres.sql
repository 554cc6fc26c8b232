CREATE TABLE fr_items (id BIGINT PRIMARY KEY, name TEXT, price NUMERIC(12,4), ratio DOUBLE PRECISION,
    updated_at TIMESTAMPTZ NOT NULL, born DATE, payload BYTEA, doc JSONB);
INSERT INTO fr_items VALUES
    (1, 'név 日本語 ✓ 🚀', 1.2345, 0.1, '2024-03-01 10:00:01.123456+00', '2020-01-02', '\x0000ff', '{"k": 1, "ü": "ö"}'),
    (2, 'two', -99999999.9999, 1e300, '2024-03-01 10:00:02+00', NULL, '\x', '[1, 2.50, "x"]'),
    (3, NULL, 0, -0.5, '2024-03-01 10:00:03.5+00', '1999-12-31', NULL, NULL),
    (4, 'quatre ∆', 42, 3.141592653589793, '2024-03-01 10:00:04+00', '2024-02-29', '\xdeadbeef', '{"nested": {"a": null}}');
CREATE TABLE fr_events (at TIMESTAMP NOT NULL, kind TEXT, n INT);
INSERT INTO fr_events VALUES
    ('2024-03-01 00:00:00', 'é start', 1),
    ('2024-03-01 00:01:00', 'tick', 2),
    ('2024-03-01 00:01:00', 'tick', 3),
    ('2024-03-01 00:02:00.25', 'twice', 4),
    ('2024-03-01 00:02:00.25', 'twice', 4);
CREATE TABLE fr_comp (a INT, b TEXT, version BIGINT NOT NULL, note TEXT, PRIMARY KEY (a, b));
INSERT INTO fr_comp VALUES (0, 'x', 10, 'n0x'), (1, 'x', 20, 'n1x'), (1, 'y', 30, 'n1y'), (2, 'ü', 30, 'n2ü');
