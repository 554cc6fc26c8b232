CREATE TABLE sv1_done (id BIGINT PRIMARY KEY, updated_at TIMESTAMP(6) NOT NULL, name VARCHAR(40));
INSERT INTO sv1_done SELECT i, TIMESTAMP '2024-01-01 00:00:00' + i * INTERVAL '1 second', 'done ' || i FROM generate_series(1, 10) AS i;
CREATE TABLE sv1_partial (id BIGINT PRIMARY KEY, updated_at TIMESTAMP(6) NOT NULL, name VARCHAR(40));
INSERT INTO sv1_partial SELECT i, TIMESTAMP '2024-01-01 00:00:00' + i * INTERVAL '1 second', 'partial ' || i FROM generate_series(1, 600) AS i;
