CREATE TABLE fr_items (id BIGINT PRIMARY KEY, name VARCHAR(50) CHARACTER SET utf8mb4, price DECIMAL(12,4), ratio DOUBLE,
    updated_at TIMESTAMP(6) NOT NULL DEFAULT '2024-01-01 00:00:00', born DATETIME(3), payload BLOB, doc JSON)
    DEFAULT CHARSET=utf8mb4;
INSERT INTO fr_items VALUES
    (1, 'név 日本語 ✓ 🚀', 1.2345, 0.1, '2024-03-01 10:00:01.123456', '2020-01-02 08:00:00.5', X'0000FF', '{"k": 1, "ü": "ö"}'),
    (2, 'two', -99999999.9999, 1e300, '2024-03-01 10:00:02', NULL, X'', '[1, 2.50, "x"]'),
    (3, NULL, 0, -0.5, '2024-03-01 10:00:03.5', '1999-12-31 23:59:59.999', NULL, NULL),
    (4, 'quatre ∆', 42, 3.141592653589793, '2024-03-01 10:00:04', '2024-02-29 00:00:00', X'DEADBEEF', '{"nested": {"a": null}}');
CREATE TABLE fr_events (at DATETIME(6) NOT NULL, kind VARCHAR(20) CHARACTER SET utf8mb4, n INT) DEFAULT CHARSET=utf8mb4;
INSERT INTO fr_events VALUES
    ('2024-03-01 00:00:00', 'é start', 1),
    ('2024-03-01 00:01:00', 'tick', 2),
    ('2024-03-01 00:01:00', 'tick', 3),
    ('2024-03-01 00:02:00.25', 'twice', 4),
    ('2024-03-01 00:02:00.25', 'twice', 4);
CREATE TABLE fr_comp (a INT, b VARCHAR(10) CHARACTER SET utf8mb4, version BIGINT NOT NULL, note TEXT CHARACTER SET utf8mb4,
    PRIMARY KEY (a, b)) DEFAULT CHARSET=utf8mb4;
INSERT INTO fr_comp VALUES (0, 'x', 10, 'n0x'), (1, 'x', 20, 'n1x'), (1, 'y', 30, 'n1y'), (2, 'ü', 30, 'n2ü');
