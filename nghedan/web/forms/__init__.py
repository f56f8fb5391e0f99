"""The web pages' forms, one module per domain (petitions, alerts, accounts,
consultations, participation, dialogues, reception, scorecards). They parse and check
input; the rules live in the domain apps' actions."""
