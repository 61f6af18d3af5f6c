-- Where a text value is stored anywhere in the registration tables of every municipality (as the
-- owner): how many rows of registrering (note, on_behalf_of_user), kontaktadresse (every text
-- column and the address lines), kontaktkanal (sagsomraade) and kontaktform (sprog, tolkesprog,
-- sagsomraade) hold it. $1: the value
SELECT
  (SELECT count(*) FROM registrering WHERE $1 IN (note, on_behalf_of_user))
  + (SELECT count(*) FROM kontaktadresse
     WHERE $1 IN (vejnavn, husnummer, etage, sidedoer, postnummer, postdistrikt, landekode, email,
                  mobilnummer)
        OR $1 = ANY (adresselinjer))
  + (SELECT count(*) FROM kontaktkanal WHERE $1 = sagsomraade)
  + (SELECT count(*) FROM kontaktform WHERE $1 IN (sprog, tolkesprog, sagsomraade)) AS antal
