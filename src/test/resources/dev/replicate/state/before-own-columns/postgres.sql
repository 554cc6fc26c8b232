CREATE TABLE sv2_events (ev VARCHAR(10), n INT, at TIMESTAMP(6));
INSERT INTO sv2_events VALUES ('a', 1, '2024-01-01 00:00:01'), ('b', 2, '2024-01-01 00:00:02'), ('c', 3, '2024-01-01 00:00:03'), ('d', 4, '2024-01-01 00:00:03');
CREATE TABLE sv2_notes (txt VARCHAR(10), at TIMESTAMP(6));
INSERT INTO sv2_notes VALUES ('x', '2024-01-01 00:00:01'), ('y', '2024-01-01 00:00:02'), ('z', '2024-01-01 00:00:02');
