# guide_tui.sh — the guides in the terminal at 80x24, whole screens: from
# the help screen (F1) g opens the list, a number opens a guide; / searches
# it; from the grading screen's help, g opens the grading guide at the
# device's category; in English; under TERM=linux; a region's guide in
# $XDG_CONFIG_HOME/boucle/guides/fr replaces the installed one.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
export XDG_CONFIG_HOME="$T_DIR/cfg"
unset BOUCLE_DATADIR
$B init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
$B operator add Amina >/dev/null
$B --operator Amina lot add --donor "CHU Grenoble" >/dev/null
$B --operator Amina device add --lot GRE1-L0001 --serial SN-PHONE-1 --category phone >/dev/null

tui_start 80 24 -- "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys F1
tui_keys g
t_screen guide_list_fr <<'SCREEN'
 boucle · Guides                    GRE1 Atelier de Grenoble  Opérateur : Amina
 Guides

 1  Évaluer un appareil : les tests et l'état esthétique
 2  Effacer les données : effacer, purger, détruire
 3  « Reconditionné » : ce que la loi demande
 4  Étiquettes, rouleaux et imprimantes
 5  La synchronisation et ce que voit le pôle régional













 Entrée ouvre le guide. Une région peut les remplacer : voir man boucle.

EntréeOuvrir F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys 2
t_screen guide_wipes_fr <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Effacer les données : effacer, purger, détruire
 Chaque support de stockage (disque dur, SSD, NVMe, eMMC) d'un appareil doit
 être effacé avec succès avant que l'appareil puisse être dit
 « reconditionné ». boucle ne garde pas seulement « effacé » : il garde la
 catégorie, la méthode, l'outil, la vérification et le résultat, comme le
 demande un certificat d'effacement (NIST SP 800-88, §4.8).

 Les trois catégories (NIST SP 800-88)

 - Effacer (clear) : réécrire tous les emplacements accessibles à l'utilisateur
   (zéros ou données aléatoires). Suffit pour un réemploi dans la plupart des
   cas ; ne touche pas les zones cachées d'un SSD.
 - Purger (purge) : récupération impossible même en laboratoire. ATA Secure
   Erase (normal ou Enhanced), NVMe Format ou Sanitize (bloc, cryptographique,
   réécriture), effacement cryptographique.
 - Détruire (destroy) : broyer, désintégrer, pulvériser. Le support ne peut
   plus servir. La démagnétisation est déconseillée (et sans effet sur un SSD).

 Quel outil fait quoi

 Lignes 1 à 18 sur 39 (46 %)

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_keys /
tui_type "hdparm"
tui_keys Enter
t_screen guide_search_fr <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Effacer les données : effacer, purger, détruire
   boucle lit leurs journaux (import nwipe) et lance nwipe lui-même (touche e
   de la fiche de l'appareil).
 - hdparm --security-erase (ou --security-erase-enhanced) : purger un disque
   SATA (ATA Secure Erase).
 - nvme format --ses=1 ou --ses=2, nvme sanitize : purger un disque NVMe
   (effacement par blocs ou cryptographique).
 - Outils des fabricants (Samsung Magician, etc.) : purger, selon l'outil.
 - Broyeur ou prestataire de destruction : détruire ; gardez son certificat.

 Un effacement fait hors de boucle s'enregistre à la main (fiche de l'appareil,
 m puis F4) avec sa catégorie, sa méthode et son outil.

 Ce qui compte comme réussi

 Pour nwipe, seul « Erased » sans erreur et avec sa ligne de fin compte. FAILED
 et INSANITY sont des échecs, UABORTED et un journal coupé des abandons. Un
 disque dont le numéro de série ne correspond à aucun appareil attend dans
 « Effacements non rattachés ».

 Lignes 22 à 39 sur 39 (100 %)

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_keys /
tui_type "introuvable"
tui_keys Enter
t_screen guide_search_missing_fr <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Effacer les données : effacer, purger, détruire
   boucle lit leurs journaux (import nwipe) et lance nwipe lui-même (touche e
   de la fiche de l'appareil).
 - hdparm --security-erase (ou --security-erase-enhanced) : purger un disque
   SATA (ATA Secure Erase).
 - nvme format --ses=1 ou --ses=2, nvme sanitize : purger un disque NVMe
   (effacement par blocs ou cryptographique).
 - Outils des fabricants (Samsung Magician, etc.) : purger, selon l'outil.
 - Broyeur ou prestataire de destruction : détruire ; gardez son certificat.

 Un effacement fait hors de boucle s'enregistre à la main (fiche de l'appareil,
 m puis F4) avec sa catégorie, sa méthode et son outil.

 Ce qui compte comme réussi

 Pour nwipe, seul « Erased » sans erreur et avec sa ligne de fin compte. FAILED
 et INSANITY sont des échecs, UABORTED et un journal coupé des abandons. Un
 disque dont le numéro de série ne correspond à aucun appareil attend dans
 « Effacements non rattachés ».

 « introuvable » n'est pas dans ce guide.

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_keys Escape Escape Escape
tui_stop

# from the grading screen's help, g: the guide at the phone's tests
tui_start 80 24 -- "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_scan GRE1-000001
tui_wait "SN-PHONE-1" 5 >/dev/null
tui_keys g
tui_wait "Alimentation" 5 >/dev/null
tui_keys F1
tui_keys g
t_screen guide_grade_phone_fr <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Évaluer un appareil : les tests et l'état esthétique
 Téléphone

 - Alimentation et démarrage ; écran et tactile sur toute la surface.
 - Santé de la batterie, réussi à partir de 80 % ; port de charge.
 - Appareils photo, haut-parleur, écouteur et micro (un appel d'essai), réseau
   mobile avec une carte SIM, Wi-Fi et Bluetooth, boutons.
 - Aucun verrou de compte (FRP Google, iCloud) : l'appareil a été retiré du
   compte de son ancien propriétaire.

 Tablette

 - Les mêmes tests qu'un téléphone, sans le réseau mobile : batterie réussie à
   partir de 80 %, aucun verrou de compte.

 Imprimante, matériel réseau et autres

 - S'allume ; la fonction principale marche (une page imprimée, un lien réseau,
   etc.) ; ports et connecteurs.

 Lignes 48 à 65 sur 86 (75 %)

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_stop

# English
tui_start 80 24 -- "$B" --lang en --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys F1
tui_keys g
tui_keys 3
t_screen guide_claim_en <<'SCREEN'
 boucle · Guide                       GRE1 Atelier de Grenoble  Operator: Amina
 « Reconditionné »: what the law asks
 Décret 2022-190 (French consumer code, articles R.122-4 ff.) allows the word
 « reconditionné » (refurbished) only for a product all of whose functions were
 tested and, where needed, all data of the previous use erased. The wording
 « état neuf » and « comme neuf » (as new, like new) is forbidden.

 How boucle decides

 The word is never typed: boucle computes it. A device is « reconditionné »
 only when:

 - it is graded, and every test of its checklist passed (a test not done does
   not count);
 - every storage medium has a successful wipe, or the device has no storage
   (screen, printer, network gear), or it was declared without storage.

 Otherwise it is « d'occasion » (used), and boucle says what is missing.

 The other texts

 Lines 1–18 of 29 (62 %)

/Search nNext EscBack F1/?Help F10/qQuit
SCREEN
tui_stop

# TERM=linux
T_TERM=linux tui_start 80 24 -- "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys F1
tui_keys g
tui_keys 4
t_screen guide_labels_linux <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Étiquettes, rouleaux et imprimantes
 Chaque appareil reçoit une étiquette : un QR code qui contient son identifiant
 (par exemple GRE1-000123), l'identifiant en clair, la catégorie, le modèle,
 l'état, la mémoire et le stockage, l'effacement et la mention
 « reconditionné » ou « d'occasion ».

 Les rouleaux

 modèle  rouleau                               résolution
 62x29   Brother QL, ruban 62 mm coupé à 29 mm  300 dpi
 50x25   Zebra 2 × 1 pouce, thermique direct     203 dpi
 57x32   Dymo 11354                              300 dpi

 Un modèle de région se décrit dans un fichier texte (taille, position du QR et
 des textes, en millimètres). boucle refuse une étiquette illisible : module du
 QR sous 2 points d'impression, texte qui ne tient pas à 5 pt.

 Les imprimantes


 Lignes 1 à 18 sur 33 (54 %)

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_stop

# a region's guide replaces the installed one; not UTF-8 is shown, not fatal
mkdir -p "$XDG_CONFIG_HOME/boucle/guides/fr"
printf 'Synchronisation en Isère\n\nLe pôle de la région est https://hub.example.org.\nOctet cassé : \377 fin.\n' \
  >"$XDG_CONFIG_HOME/boucle/guides/fr/50-sync.txt"
tui_start 80 24 -- "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys F1
tui_keys g
t_screen guide_list_override <<'SCREEN'
 boucle · Guides                    GRE1 Atelier de Grenoble  Opérateur : Amina
 Guides

 1  Évaluer un appareil : les tests et l'état esthétique
 2  Effacer les données : effacer, purger, détruire
 3  « Reconditionné » : ce que la loi demande
 4  Étiquettes, rouleaux et imprimantes
 5  Synchronisation en Isère













 Entrée ouvre le guide. Une région peut les remplacer : voir man boucle.

EntréeOuvrir F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys 5
t_screen guide_override <<'SCREEN'
 boucle · Guide                     GRE1 Atelier de Grenoble  Opérateur : Amina
 Synchronisation en Isère
 Le pôle de la région est https://hub.example.org. Octet cassé : � fin.


















 Lignes 1 à 1 sur 1 (100 %)

/Chercher nSuivant ÉchapRetour F1/?Aide F10/qQuitter
SCREEN
tui_stop
out=$($B guide show sync --width 60)
case $out in *"Synchronisation en Isère"*) t_pass guide_cli_override ;; *) t_fail guide_cli_override "$out" ;; esac
t_end
