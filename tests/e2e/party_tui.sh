# party_tui.sh — « Partenaires » (a from home) at 80x24 in French, whole
# screens: the list, searched as you type and filtered by kind; a person
# added in the form (the hint says where their name stays); an
# association changed; a person forgotten after the confirmation, then
# shown « (oubliée) », their key and sealed box gone from the database;
# the refusals (forgetting an association, changing a forgotten person).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v sqlite3 >/dev/null || { t_skip party_tui "sqlite3 is not installed"; exit 0; }
export BOUCLE_DB="$T_DIR/p.db"
q() { sqlite3 -cmd ".timeout 5000" "$BOUCLE_DB" "$1"; }
$B init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
$B operator add Amina >/dev/null
$B --operator Amina party add --kind association --name "Emmaüs Connect" --contact "Paul Girard, 04 76 12 34 56" >/dev/null
$B --operator Amina party add --kind public --name "CHU Grenoble Alpes" >/dev/null
$B --operator Amina party add --kind person --name "Zoé Marchal" --contact "06 12 34 56 78" >/dev/null
$B --operator Amina party add --kind person >/dev/null

tui_start 80 24 -- "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys a
t_screen party_list <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  4 partenaires   Type : tous
Code       Type             Nom                            Contact
GRE1-P0001 association      Emmaüs Connect                 Paul Girard, 04 76 1…
GRE1-P0002 organisme public CHU Grenoble Alpes
GRE1-P0003 personne         Zoé Marchal                    06 12 34 56 78
GRE1-P0004 personne















EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
tui_type "marchal"
t_screen party_search <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher  marchal
  1 partenaire   Type : tous
Code       Type             Nom                            Contact
GRE1-P0003 personne         Zoé Marchal                    06 12 34 56 78


















EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys C-x
tui_keys C-k
t_screen party_kind_filter <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  1 partenaire   Type : association
Code       Type             Nom                            Contact
GRE1-P0001 association      Emmaüs Connect                 Paul Girard, 04 76 1…


















EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys C-x
tui_keys F2
t_screen party_new_form <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Nouveau partenaire : un donateur ou un bénéficiaire

           Type  < association >

            Nom

        Contact

          Année

  Achats HT (€)

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d’une année (hors taxes ; l’année laissée vide est
  celle-ci) d’un organisme public donnent sa part AGEC d’achats issus du
  réemploi.





EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Left
tui_keys Down
tui_type "Jean Dupont"
tui_keys Down
tui_type "jean.dupont@exemple.fr"
t_screen party_new_person <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Nouveau partenaire : un donateur ou un bénéficiaire

           Type  < personne >

            Nom  Jean Dupont

        Contact  jean.dupont@exemple.fr

          Année

  Achats HT (€)

  Le nom et le contact d'une personne restent sur cet ordinateur, chiffrés par
  une clé qui lui est propre ; le hub et les autres ateliers ne connaissent
  que son code. Le nom peut rester vide.






EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Enter
t_screen party_added <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  5 partenaires   Type : tous
Code       Type             Nom                            Contact
GRE1-P0001 association      Emmaüs Connect                 Paul Girard, 04 76 1…
GRE1-P0002 organisme public CHU Grenoble Alpes
GRE1-P0003 personne         Zoé Marchal                    06 12 34 56 78
GRE1-P0004 personne
GRE1-P0005 personne         Jean Dupont                    jean.dupont@exemple.…













 Partenaire GRE1-P0005 ajouté.
EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
[ "$(q "SELECT kind || ' ' || name FROM parties WHERE code = 'GRE1-P0005'")" = "person " ] \
  && [ "$(q "SELECT count(*) FROM party_keys WHERE code = 'GRE1-P0005'")" = 1 ] \
  && t_pass tui_person_added_sealed || t_fail tui_person_added_sealed "$(q "SELECT * FROM parties")"
# the association: Enter opens its form (on its kind, the first field), its name changed
tui_keys Home
tui_keys Enter
t_screen party_edit_form <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Partenaire GRE1-P0001

           Type  < association >

            Nom  Emmaüs Connect

        Contact  Paul Girard, 04 76 12 34 56

          Année

  Achats HT (€)

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d’une année (hors taxes ; l’année laissée vide est
  celle-ci) d’un organisme public donnent sa part AGEC d’achats issus du
  réemploi.





EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Down
tui_keys End
tui_type " Grenoble"
tui_keys Enter
tui_wait "modifié" 5 >/dev/null
[ "$(q "SELECT name FROM parties WHERE code = 'GRE1-P0001'")" = "Emmaüs Connect Grenoble" ] \
  && t_pass tui_association_renamed || t_fail tui_association_renamed "$(q "SELECT name FROM parties WHERE code = 'GRE1-P0001'")"
# an association is not forgotten
tui_keys C-f
t_expect tui_forget_association_refused "GRE1-P0001 n'est pas une personne : seule une personne est oubliée." 5
# Zoé: asked, then forgotten
tui_type "zoé"
tui_keys C-f
t_screen party_forget_ask <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher  zoé
  1 partenaire   Type : tous
Code       Type             Nom                            Contact
GRE1-P0003 personne         Zoé Marchal                    06 12 34 56 78


          ┌──────────────────────────────────────────────────────────┐
          │ Oublier une personne                                     │
          │                                                          │
          │ Oublier GRE1-P0003 (Zoé Marchal) ? Son nom et son        │
          │ contact seront détruits sur cet ordinateur,              │
          │ définitivement. Son code reste dans les registres.       │
          │                                                          │
          │ [O]ui / [N]on   (Échap = non)                            │
          └──────────────────────────────────────────────────────────┘
SCREEN
# Enter does not answer a question that cannot be undone: the box stays
tui_keys Enter
if tui_screen | grep -qF "(Échap = non)" && [ "$(sqlite3 "$BOUCLE_DB" "SELECT forgotten FROM parties WHERE code = 'GRE1-P0003'")" = 0 ]; then
  t_pass party_forget_enter_does_not_answer; else t_fail party_forget_enter_does_not_answer "$(tui_screen)"; fi
tui_keys o
t_screen party_forgotten <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher  GRE1-P0003
  1 partenaire   Type : tous
Code       Type             Nom                            Contact
GRE1-P0003 personne         (oubliée)

















 GRE1-P0003 est oubliée : nom et contact détruits.
EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
[ "$(q "SELECT forgotten FROM parties WHERE code = 'GRE1-P0003'")$(q "SELECT count(*) FROM party_keys WHERE code = 'GRE1-P0003'")$(q "SELECT count(*) FROM party_private WHERE code = 'GRE1-P0003'")" = 100 ] \
  && t_pass tui_forget_destroys || t_fail tui_forget_destroys "$(q "SELECT * FROM parties WHERE code = 'GRE1-P0003'")"
tui_keys Enter
t_expect tui_forgotten_not_changed "GRE1-P0003 a été oubliée : il n'y a plus rien à modifier." 5
tui_keys C-f
t_expect tui_forget_twice_refused "GRE1-P0003 a déjà été oubliée." 5
# Esc back home, the count of today's changes
tui_keys Escape
t_expect tui_back_home "Partenaires et donateurs" 5
tui_stop
t_end
