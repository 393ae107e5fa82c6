// Hand-written polarity lexicon (French and English, accent-folded, lowercase). Lexicon
// evidence generalises beyond banking (the model part only saw our own corpus), which matters
// for general tweets. Weights: +-1 mild, +-2 strong.

const POSITIVE_2 =
  'excellent excellente genial geniale super top parfait parfaite bravo merveilleux merveilleuse formidable magnifique ' +
  'ravi ravie adore adorer incroyable fantastique extraordinaire impeccable felicitations felicitation recommande ' +
  'amazing awesome brilliant excellent fantastic perfect wonderful love loved great superb outstanding';
const POSITIVE_1 =
  'bien bon bonne bons bonnes merci content contente satisfait satisfaite efficace rapide pratique agreable sympa ' +
  'aimable utile facile heureux heureuse plaisir beau belle beaux joli jolie reussi reussite progres espoir espere ' +
  'positif positive favorable avance innovant innovante propre durable solidaire gagne gagner victoire succes ' +
  'ameliore amelioration protege proteger sauve sauver soutien soutenir bienvenue cool chouette enfin fier fiere ' +
  'good nice thanks thank happy glad helpful easy fast quick pleased satisfied recommend best like enjoy fine well ' +
  'mieux meilleur meilleure meilleurs rassure rassurant clair claire honnete genereux interessant interessante vive ' +
  'solution solutions espoir avenir bravo oui soutien soutient soutenons solidarite accord victoire gagnant laureat ' +
  'felicite felicitons felicitations chapeau fierte encourageant prometteur prometteuse reussir reussi reussie avancee ' +
  'ameliorer progresse progressent essor relance opportunite opportunites benefique benefiques bonheur joie ' +
  'partage partageons merveille plaisir celebrer celebre inaugure inauguration engage engagement ensemble gratuit';
const NEGATIVE_2 =
  'honteux honteuse honte scandale scandaleux scandaleuse inadmissible inacceptable lamentable catastrophe ' +
  'catastrophique desastre desastreux horrible nul nulle nuls pire deplorable arnaque escroquerie escrocs voleurs ' +
  'degoute degoutee furieux furieuse enerve enervee deteste inutile pourri minable pathetique honteusement ' +
  'terrible awful horrible worst disgrace disgraceful useless scam outrageous unacceptable ridiculous disgusting hate';
const NEGATIVE_1 =
  'probleme problemes souci soucis bug bugs panne erreur refuse refusee bloque bloquee impossible attente attendre ' +
  'lent lente decu decue decevant decevante mauvais mauvaise mal galere marre dommage triste inquiet inquiete peur ' +
  'cher chere abusif abusive abusifs frais retard perdu perdue vole volee fraude danger dangereux menace crise ' +
  'echec echoue grave pollution polluer pollue mort morts victime victimes guerre violence detruit detruire ' +
  'tue tuer risque risques dechets toxique nucleaire accident drame dramatique colere injuste injustice ' +
  'mensonge menteur faux fausse critique contre stop non manque penurie chomage pauvrete crise hausse augmentation ' +
  'bad poor slow wrong broken problem issue error fail failed failure annoying angry disappointed unhappy sad ' +
  'rude expensive waiting lost stolen fraud declined refused never nobody ' +
  'menace menacent menaces saccage saccager malediction polemique mensonges mentent ment fiasco scandaleusement ' +
  'chomage licenciement licenciements fermeture greve faillite taxe taxes impot impots hausse flambee penurie ' +
  'pollution pollutions polluant polluants radioactivite radioactif radioactive dechets fuite fuites accident ' +
  'catastrophe desastre destruction detruit detruisent ravage ravages inquietant inquietante alarmant alarmante ' +
  'dangereux dangereuse opposition oppose opposes contre non stop halte abandon abandonne abandonnent recul recule ' +
  'echec echecs crise crises tragique triste tristesse mort deces victimes perte pertes probleme absurde ridicule ' +
  'injustice inegalites corruption fraude scandale manipulation propagande hypocrisie hypocrite incompetence ' +
  'incompetent incompetents inquietude peur colere rage marre degout defigure defigurent nuisance nuisances bruit';
const NEGATORS = new Set([
  'pas',
  'plus',
  'jamais',
  'aucun',
  'aucune',
  'rien',
  'ni',
  'not',
  'no',
  'never',
  'dont',
  'cant',
  'isnt',
  'wasnt',
  'sans',
  'without',
  'pa',
]);
const INTENSIFIERS = new Set([
  'tres',
  'trop',
  'vraiment',
  'tellement',
  'super',
  'hyper',
  'grave',
  'totalement',
  'completement',
  'very',
  'so',
  'really',
  'extremely',
  'absolument',
]);

const LEXICON = new Map<string, number>();
const load = (words: string, weight: number) => {
  for (const w of words.split(/\s+/)) if (w) LEXICON.set(w, weight);
};
load(POSITIVE_1, 1);
load(POSITIVE_2, 2);
load(NEGATIVE_1, -1);
load(NEGATIVE_2, -2);

const EMOJI_POLARITY: [RegExp, number][] = [
  [/[😍🥰😊😀😃😄😁🙂👍👏💪✨🎉❤💚💙😂🤩🙌😎]/gu, 1.5],
  [/[😡😤🤬😠😩😞🙄👎💩😭😢😒😫🤮😱]/gu, -1.5],
];

/**
 * Lexicon score of accent-folded tokens: sum of word weights, a negator within the three previous
 * tokens flips the sign ("pas terrible" is negative, "pas mal" positive), an intensifier doubles.
 * Returned normalised by sqrt(length) so long texts do not saturate.
 */
export function lexiconScore(tokens: string[], raw: string): number {
  let score = 0;
  for (let i = 0; i < tokens.length; i++) {
    const w = LEXICON.get(tokens[i] as string);
    if (w === undefined) continue;
    let value = w;
    for (let j = Math.max(0, i - 3); j < i; j++) {
      const t = tokens[j] as string;
      if (NEGATORS.has(t)) value = -value * 0.8;
      else if (INTENSIFIERS.has(t) && j === i - 1) value *= 1.6;
    }
    score += value;
  }
  for (const [re, weight] of EMOJI_POLARITY) score += (raw.match(re)?.length ?? 0) * weight;
  if (/!{2,}/.test(raw)) score *= 1.2;
  return score / Math.sqrt(Math.max(4, tokens.length) / 4);
}
