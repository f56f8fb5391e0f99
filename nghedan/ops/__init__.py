"""Running Nghe Dân in production: the server (`nghedan serve`), health and metrics,
structured logs, backups and restores. An interface app: it reads the domain apps
(the job queue, overdue petitions) and nothing imports it."""
