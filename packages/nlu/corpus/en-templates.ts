// English templates for the social intents that Banking77 does not cover. Written for this project.
import type { IntentTemplates } from './fr-templates.ts';

export const EN_POOLS: Record<string, readonly string[]> = {
  hello: ['', '', 'Hi', 'Hello', 'Hey', 'Hi there,', 'Good morning,', 'Dear team,'],
  thanks: ['', '', 'Thanks', 'thx', 'Thanks in advance', 'please', 'Regards'],
  app: ['the app', 'your app', 'the banking app', 'the mobile app', 'the website', 'online banking'],
  delay: ['3 days', 'a week', 'two weeks', 'yesterday', 'this morning', 'hours', 'a month'],
  amount: ['£5', '$30', '€12', '25 euros', '£120', '$9.99'],
  city: ['London', 'Paris', 'Manchester', 'Lyon', 'Leeds', 'Bristol'],
  product: ['an ISA', 'a savings account', 'a fixed-term deposit', 'a high-yield savings account'],
  angry: ['this is ridiculous', 'so frustrating', 'unacceptable', 'fed up', 'absolutely useless', 'what a joke'],
};

export const EN_TEMPLATES: Record<string, IntentTemplates> = {
  complaint_fees: {
    sentiment: 'negative',
    templates: [
      '{Outrageous|Ridiculous|Disgraceful|Hidden} fees{, I am switching banks|, seriously|!|}',
      '{$hello} {$amount} {monthly fee|account fee|overdraft charge} for nothing, {$angry}',
      'Your fees keep going up, {time to move to another bank|I am closing my account|not happy}',
      'Why am I paying {an account fee|charges every month} when {other banks are free|the service is this bad}?',
      '{Another|A} {$amount} charge for {a tiny overdraft|nothing}, {daylight robbery|shameful}',
    ],
  },
  complaint_service: {
    sentiment: 'negative',
    templates: [
      '{$hello} {been waiting|waited} {$delay} for a reply from {customer service|my advisor}, {$angry}',
      'Customer service is {terrible|a disgrace|non-existent}, {nobody answers|on hold for an hour}',
      'My advisor {never calls back|hung up on me|ignores my messages}, {$angry}',
      '{The branch was closed again|Nobody at the desk}, {awful service|you do not care about customers}',
      'Very disappointed with {the service|the staff|your support} {today|lately}',
    ],
  },
  complaint_app_outage: {
    sentiment: 'negative',
    templates: [
      '{$app} {is down|keeps crashing|is not working} {again|since $delay|this morning}',
      '{$hello} cannot log in to {$app} {since $delay|at all}, {is there an outage|what is going on}?',
      'Another outage? {I cannot pay anything|$angry}',
      '{$app} {crashes on launch|freezes} {after the update|every time}, {fix it|please fix}',
      'Is {$app} down for everyone or just me?',
    ],
  },
  praise: {
    sentiment: 'positive',
    templates: [
      '{Thanks|Huge thanks|Kudos} to {my advisor|the team|customer support} for {the quick help|sorting this out}{ 🙏|!|}',
      '{$app} is {great|brilliant|so easy to use|the best}{, love it|!|}',
      '{Excellent|Great|Amazing} service {at the branch|on the phone|today}, {highly recommend|thank you}',
      'Issue fixed in {ten minutes|one call|no time}, {well done|brilliant|impressed}',
      'Really {happy|pleased|satisfied} with {my bank|your service|the new features}',
    ],
  },
  question_savings: {
    sentiment: 'neutral',
    templates: [
      '{$hello} what is the interest rate on {$product}?',
      'I would like to open {$product}, {how do I do it|can I do it online}?',
      'Which savings option would you recommend for {a project|putting money aside}?',
      'When is the interest on {$product} paid?',
    ],
  },
  question_loan: {
    sentiment: 'neutral',
    templates: [
      '{$hello} I would like a {personal loan|car loan|student loan}, {what are your rates|is it possible}?',
      'What is the APR on a {personal loan|car loan} {of $amount|}?',
      'How do I apply for a loan {online|}?',
      'Can I get a loan simulation {for a new car|for home improvements}?',
    ],
  },
  question_mortgage: {
    sentiment: 'neutral',
    templates: [
      '{$hello} I want to {buy a flat|buy a house}, {what mortgage rates do you offer|can I book a meeting}?',
      'What is your {mortgage rate|fixed rate} over {20|25} years?',
      'Can I remortgage {with you|my house}?',
      'Do you offer mortgages for first-time buyers?',
    ],
  },
  question_insurance: {
    sentiment: 'neutral',
    templates: [
      '{$hello} do you offer {home|car|travel} insurance?',
      'How do I make a claim on my {home|car|travel} insurance?',
      'Does my {insurance|card insurance} cover {theft|water damage|car rental}?',
      'How much is {home|car} insurance with you?',
    ],
  },
  branch_question: {
    sentiment: 'neutral',
    templates: [
      '{$hello} what are the opening hours of the {$city} branch?',
      'Is the branch open on {Saturday|Sunday|bank holidays}?',
      'Where is the nearest branch {in $city|to me}?',
      'How do I book an appointment {at the branch|with my advisor}?',
    ],
  },
  job_application: {
    sentiment: 'neutral',
    templates: [
      '{$hello} are you hiring {advisors|interns|graduates}?',
      'I would like to apply for {a job|an internship|a position} {at your bank|in $city}, who should I contact?',
      'Do you have any {job|internship|apprenticeship} openings?',
      'Where can I send my CV {for a job|}?',
    ],
  },
  sponsorship_event: {
    sentiment: 'neutral',
    templates: [
      '{$hello} our {club|charity|association} is looking for a sponsor {for a tournament|this season}, {could you help|are you interested}?',
      'Do you sponsor local {events|charities|festivals}?',
      'How can we apply for a partnership {for our event|}?',
      'How do I register for {your webinar|the property fair|the live event}?',
    ],
  },
  fraud_phishing: {
    sentiment: 'negative',
    templates: [
      'I {got|received} a {suspicious|weird|fake} {text|email|call} {from you|claiming to be the bank} asking for my {details|codes}, is it a scam?',
      '{Warning|Heads up}: {phishing|scam} {texts|emails} going around {in your name|pretending to be the bank}',
      'A {fake advisor|scammer} called me pretending to be {you|from the bank}, {reporting it|be careful}',
      'Reporting a {fake Instagram account|fake website|fake profile} using your logo',
    ],
  },
  other: {
    sentiment: 'neutral',
    templates: [
      '+:{What a lovely day|Great match last night|Amazing concert|Happy holidays} {😍|!|}',
      '-:{Raining again|Stuck in traffic|Train delayed again|What an awful day} {😩|...|}',
      '{Did anyone watch|Has anyone seen} {the game|the show|the debate} {last night|this weekend}?',
      '{test|ok|lol|+1|bump}',
      '-:{The government|This reform|This law} {is a disgrace|is a disaster}',
      '+:{I love|Really enjoying} {weekends|coffee|summer|this series}',
    ],
  },
};
