-- How many rows the view registrering_raekker shows, unfiltered. No parameters.
SELECT count(*) FROM registrering_raekker
