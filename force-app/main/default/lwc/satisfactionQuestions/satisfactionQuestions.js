import { LightningElement, api } from 'lwc';
import { attemptSave } from 'c/cairnSave';

/** The values of Product_Satisfaction__c and Service_Satisfaction__c (DESIGN §9.1), in order. */
const ANSWERS = ['Satisfied', 'Neutral', 'Unsatisfied'];
const QUESTIONS = [
  { key: 'product', text: 'Satisfied with the product?' },
  { key: 'service', text: 'Satisfied with our service?' }
];

/**
 * The two optional satisfaction questions of a stage marked Done or a review Completed, one
 * click each: a click saves that answer to the record at once. Collapsed, it says what has
 * been answered; `open` unfolds it, as the card does right after the stage or review is closed.
 */
export default class SatisfactionQuestions extends LightningElement {
  /** The Implementation_Stage__c or Business_Review__c the answers belong to */
  @api recordId;
  /** The stage or review, in words: "Kickoff call" */
  @api recordName;
  /** Field references from @salesforce/schema: the record's Product_ and Service_Satisfaction__c */
  @api productField;
  @api serviceField;
  /** The answers the record has (blank when not asked yet) */
  @api product;
  @api service;
  @api open = false;

  /** Answers saved here since the record was read, by question key */
  saved = {};
  savingKey;
  error;
  announcement = '';

  answerTo(key) {
    return this.saved[key] ?? this[key] ?? null;
  }

  get questions() {
    return QUESTIONS.map((question) => {
      const answer = this.answerTo(question.key);
      return {
        ...question,
        labelId: `${question.key}-question`,
        options: ANSWERS.map((value) => ({
          value,
          pressed: value === answer ? 'true' : 'false',
          variant: value === answer ? 'brand' : 'neutral'
        })),
        disabled: this.savingKey === question.key
      };
    });
  }

  get summary() {
    const product = this.answerTo('product');
    const service = this.answerTo('service');
    if (!product && !service) {
      return 'Satisfaction: not answered yet (optional)';
    }
    return `Satisfaction: product ${product ?? 'not answered'}, service ${service ?? 'not answered'}`;
  }

  async handleAnswer(event) {
    const { key, value } = event.target.dataset;
    if (this.answerTo(key) === value) {
      return;
    }
    const field = key === 'product' ? this.productField : this.serviceField;
    this.savingKey = key;
    this.error = undefined;
    const error = await attemptSave(
      this,
      { Id: this.recordId, [field.fieldApiName]: value },
      {
        successTitle: 'Answer saved',
        successMessage: `Saved for ${this.recordName}: ${key} ${value}.`,
        errorTitle: `Could not save the answer for ${this.recordName}`,
        errorMessage: `The ${key} answer for ${this.recordName} was not saved.`
      }
    );
    this.savingKey = undefined;
    if (error) {
      this.error = error;
    } else {
      this.saved = { ...this.saved, [key]: value };
    }
  }

  get errorMessage() {
    return `Your answer was not saved; ${this.recordName} is unchanged. Try again.`;
  }
}
